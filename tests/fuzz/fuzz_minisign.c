// libFuzzer: minisign's formats on any bytes: as a .minisig verified against a fixed payload
// with the trusted key that signed the seeds (tests/fuzz/seeds/minisign/: prehashed and legacy,
// so the fuzzer starts from signatures that verify), as a public key, as a secret key file (read
// without a password: no scrypt), and as a trusted comment.
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/minisign.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

// The seeds' key (minisign -G -W) and the payload they sign.
static const char trusted_pub[] = "untrusted comment: minisign public key BC8903499C41CA25\n"
                                  "RWQlykGcSQOJvB3WZJQcmbtW0I96O/hJkq6Zc7tsEFDN9bgUp/2A78RY\n";
static const char payload[] = "bangtin fuzz payload\n";

static void as_secret_key(const uint8_t *data, size_t size)
{
    int fd = memfd_create("fuzz.key", MFD_CLOEXEC);
    if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
        if (fd >= 0)
            close(fd);
        return;
    }
    char path[64], err[512];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    bt_minisign_secret_encrypted(path, err, sizeof(err));
    struct bt_minisign_secret *key = NULL;
    bt_minisign_secret_load(path, NULL, &key, err, sizeof(err));   // an encrypted one stops here
    bt_minisign_secret_destroy(key);
    close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512], id[BT_MINISIGN_ID_SIZE];
    struct bt_minisign_keys *keys = bt_minisign_keys_create();
    if (!keys || bt_minisign_keys_add_text(keys, trusted_pub, strlen(trusted_pub), "trusted.pub",
                                           NULL, err, sizeof(err)) != BT_MINISIGN_OK)
        abort();
    static struct bt_minisign_verified v;
    int rc = bt_minisign_verify(keys, payload, strlen(payload), (const char *)data, size,
                                "fuzz.minisig", &v, err, sizeof(err));
    struct bt_minisign_comment c;
    if (rc == BT_MINISIGN_OK)
        bt_minisign_comment_parse(v.trusted_comment, &c);
    // The same bytes as another key to trust.
    bt_minisign_keys_add_text(keys, (const char *)data, size, "fuzz.pub", id, err, sizeof(err));
    bt_minisign_keys_destroy(keys);
    as_secret_key(data, size);
    char *text = malloc(size + 1);
    if (text) {
        memcpy(text, data, size);
        text[size] = '\0';
        bt_minisign_comment_parse(text, &c);
        free(text);
    }
    return 0;
}
