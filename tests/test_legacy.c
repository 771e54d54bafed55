// Legacy Vietnamese text (playlist/legacy.[ch]): the tables against glibc's iconv and against
// VNI's table as its sources lay it out; real sentences encoded here into TCVN3 and VNI bytes,
// read back as Windows-1252 and as Latin-1, recognised and converted; nothing taken for legacy
// that is not (every line of tests/seeds/ as written, ordinary European text); check's warnings;
// and `bangtin check --fix-encoding`, Windows-1258 files included.
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <utf8proc.h>

#include "base/utf8.h"
#include "playlist/legacy.h"
#include "playlist/playlist.h"
#include "test.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define HEAD      "{\"version\": 1,\n\"canvas\": {\"width\": 1920, \"height\": 1080},\n"
#define ZONE_OPEN "\"zones\": [{\"id\": \"main\", \"x\": 0, \"y\": 0, \"w\": 1920, \"h\": 1080, "

// VNI-Windows as its sources lay it out (xvnkb's vni.h; vietnamese-conversion's charsets.ts at
// 46413a0): each letter with its tones sắc, huyền, hỏi, ngã, nặng, and its bytes as Windows-1252
// shows them. Independent of the module's table, which is by the marks' bytes.
static const char *const vni_rows[][2] = {
    {"a á à ả ã ạ", "a aù aø aû aõ aï"},
    {"â ấ ầ ẩ ẫ ậ", "aâ aá aà aå aã aä"},
    {"ă ắ ằ ẳ ẵ ặ", "aê aé aè aú aü aë"},
    {"e é è ẻ ẽ ẹ", "e eù eø eû eõ eï"},
    {"ê ế ề ể ễ ệ", "eâ eá eà eå eã eä"},
    {"o ó ò ỏ õ ọ", "o où oø oû oõ oï"},
    {"ô ố ồ ổ ỗ ộ", "oâ oá oà oå oã oä"},
    {"ơ ớ ờ ở ỡ ợ", "ô ôù ôø ôû ôõ ôï"},
    {"u ú ù ủ ũ ụ", "u uù uø uû uõ uï"},
    {"ư ứ ừ ử ữ ự", "ö öù öø öû öõ öï"},
    {"i í ì ỉ ĩ ị", "i í ì æ ó ò"},
    {"y ý ỳ ỷ ỹ ỵ", "y yù yø yû yõ î"},
    {"đ", "ñ"},
    {"A Á À Ả Ã Ạ", "A AÙ AØ AÛ AÕ AÏ"},
    {"Â Ấ Ầ Ẩ Ẫ Ậ", "AÂ AÁ AÀ AÅ AÃ AÄ"},
    {"Ă Ắ Ằ Ẳ Ẵ Ặ", "AÊ AÉ AÈ AÚ AÜ AË"},
    {"E É È Ẻ Ẽ Ẹ", "E EÙ EØ EÛ EÕ EÏ"},
    {"Ê Ế Ề Ể Ễ Ệ", "EÂ EÁ EÀ EÅ EÃ EÄ"},
    {"O Ó Ò Ỏ Õ Ọ", "O OÙ OØ OÛ OÕ OÏ"},
    {"Ô Ố Ồ Ổ Ỗ Ộ", "OÂ OÁ OÀ OÅ OÃ OÄ"},
    {"Ơ Ớ Ờ Ở Ỡ Ợ", "Ô ÔÙ ÔØ ÔÛ ÔÕ ÔÏ"},
    {"U Ú Ù Ủ Ũ Ụ", "U UÙ UØ UÛ UÕ UÏ"},
    {"Ư Ứ Ừ Ử Ữ Ự", "Ö ÖÙ ÖØ ÖÛ ÖÕ ÖÏ"},
    {"I Í Ì Ỉ Ĩ Ị", "I Í Ì Æ Ó Ò"},
    {"Y Ý Ỳ Ỷ Ỹ Ỵ", "Y YÙ YØ YÛ YÕ Î"},
    {"Đ", "Ñ"},
};

// Whole sentences of the seeds' plans: slogans and notices as a ward hall shows them.
static const char *const sentences[] = {
    "Đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
    "Tiếp tục triển khai Phong trào “Bình dân học vụ số”",
    "Người dân: Tiếp cận, sử dụng hiệu quả dịch vụ công trực tuyến, thương mại điện tử và thanh "
    "toán số.",
    "Doanh nghiệp: Chuyển đổi số trong quản trị, điều hành, sản xuất, kinh doanh.",
    "Công chức, viên chức: Nâng cao năng lực số, kỹ năng sử dụng công nghệ trong thực thi công vụ.",
    "Tổ công nghệ số cộng đồng: Hỗ trợ triển khai, hướng dẫn sử dụng nền tảng số, công nghệ số; "
    "phổ cập kỹ năng số cho người dân.",
    "Giới thiệu cơ hội hợp tác, đầu tư trong lĩnh vực KHCN, ĐMST và CDS trên địa bàn phường.",
    "Tổ chức hội nghị quán triệt, triển khai thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị về "
    "đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số.",
    "Huy động sự tham gia tích cực của các tổ chức chính trị – xã hội, doanh nghiệp, cộng đồng và "
    "người dân trong triển khai Phong trào “Bình dân học vụ số”, phát huy vai trò nòng cốt của Tổ "
    "công nghệ số cộng đồng trong hướng dẫn, hỗ trợ phổ cập kỹ năng số.",
    "Sử dụng hệ thống màn hình LED, màn hình điện tử tại các địa điểm công cộng để trình chiếu "
    "video, clip tuyên truyền về khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số, trọng tâm "
    "là Nghị quyết số 57-NQ/TW.",
    // A capital TCVN3 lacks, at the start: restored.
    "Ủy ban nhân dân phường Lê Thanh Nghị xây dựng Kế hoạch Triển khai tuyên truyền Nghị quyết số "
    "57-NQ/TW ngày 22/12/2024 của Bộ Chính trị",
    // Headings in capitals (.VnTimeH).
    "KẾ HOẠCH",
    "I. MỤC ĐÍCH YÊU CẦU",
    "II. NỘI DUNG VÀ HÌNH THỨC TUYÊN TRUYỀN",
    "ĐỘT PHÁ PHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO VÀ CHUYỂN ĐỔI SỐ QUỐC GIA",
    "Cộng hoà xã hội chủ nghĩa Việt Nam",
    "Cộng hòa xã hội chủ nghĩa Việt Nam – Độc lập – Tự do – Hạnh phúc",
    "Hà Nội",
    "Mục đích",
};

// Ordinary text of other languages with letters and signs past ASCII: none of it is legacy.
static const char *const european[] = {
    "café",
    "Müller",
    "São Paulo",
    "naïve",
    "©2026",
    "µm",
    "Crème brûlée",
    "Straße",
    "Ærøskøbing",
    "smörgåsbord",
    "François",
    "déjà vu",
    "Zürich",
    "Köln",
    "Málaga",
    "El Niño",
    "Ångström",
    "façade",
    "résumé",
    "coöperate",
    "jalapeño",
    "Ça va ?",
    "Où est la gare ?",
    "À bientôt",
    "L'été à Nice",
    "Fête de la musique",
    "über alles",
    "Hôtel de Ville",
    "Gruß aus München",
    "São João",
    "Açaí na tigela",
    "piñata",
    "Señor Muñoz",
    "Le Mans 24h ©2026 ACO",
    "Dürer",
    "Brontë",
    "Noël",
    "Saint-Étienne",
    "Côte d'Ivoire",
    "Curaçao",
    "Reykjavík",
    "Göteborg",
    "Malmö",
    "Øresund",
    "Tromsø",
    "Bjørn Søren",
    "Düsseldorf",
    "Genève",
    "Montréal",
    "Québec",
    "Besançon",
    "Nîmes",
    "Orléans",
    "25°C",
    "± 5 %",
    "½ kg",
    "10 µs",
    "3² = 9",
    "50 €",
    "— Mark Twain",
    "“quoted”",
    "naïve café",
    "né à Paris en 1990",
    "Où va-t-il ?",
    "la thèse",
    "Le cœur a ses raisons que la raison ne connaît point.",
    "Je ne sais pas où il est allé.",
    "C'est très bien, merci beaucoup.",
    "Les élèves étudient à l'école.",
    "Il était une fois une princesse.",
    "Nous sommes allés au marché.",
    "Où sont les neiges d'antan ?",
    "La Fête nationale du 14 juillet",
    "Bon appétit à tous !",
    "Das Mädchen spielt im Garten.",
    "Ich möchte ein Stück Kuchen.",
    "Die Brücke über den Fluss ist schön.",
    "Grüße aus Österreich",
    "Schöne Grüße, Ihr Jürgen",
    "Fußgängerzone",
    "Größe und Gewicht",
    "Der Bär schläft im Winter.",
    "Mañana será otro día.",
    "¿Dónde está la estación?",
    "El niño comió una manzana.",
    "Años de soledad",
    "La canción del verano",
    "¡Qué rápido!",
    "Está lloviendo en Málaga.",
    "Não há nada como o lar.",
    "Obrigado pela atenção.",
    "A coração é mais forte.",
    "Ele está em São Paulo.",
    "Você já comeu?",
    "Perché no?",
    "Città del Vaticano",
    "Caffè latte e tiramisù",
    "Più o meno",
    "È già tardi.",
    "Köttbullar och lingonsylt",
    "Hyvää päivää",
    "Tack så mycket",
    "Jeg hedder Søren og bor i Århus.",
    "Blåbærsyltetøy",
    "Één keer per week",
    "Ik heb een ideeën",
    "Dvořák's New World",
    "Čeština je těžká.",
    "Łódź",
    "Ήλιος",
    "Москва",
    "Das Café am Ende der Straße",
    "Hôtel Le Méridien",
    "Crêpes et galettes",
    "Pâte à choux",
    "Château Lafite",
    "Moët & Chandon",
    "Häagen-Dazs",
    "Mötley Crüe",
    "Motörhead",
    "Beyoncé",
    "Pokémon",
    "Renée Zellweger",
    "Zoë Saldaña",
    "Chloé",
    "Michaël",
    "Raphaël",
    "Anaïs Nin",
    "Léa Seydoux",
    "Jürgen Klopp",
    "Mesut Özil",
    "Thomas Müller",
    "Zlatan Ibrahimović",
    "Sergio Agüero",
    "Gonçalo Ramos",
    "Kylian Mbappé",
    "Antoine Griezmann né à Mâcon",
    "Ferenc Puskás",
    "Ole Gunnar Solskjær",
    "Martin Ødegaard",
    "Ibrahimović et Mbappé",
    "© 2026 Société Générale",
    "Prix : 12,50 € TTC",
    "Température : 18 °C",
    "Distance : 5 km ± 0,2 km",
    "Dimensions : 20 × 30 cm",
    "Épaisseur 3 µm",
    "™ and ® are trademarks",
    "Section § 12",
    "Page ¶ 3",
    "Über uns",
    "Übersicht",
    "Ökologie",
    "Äpfel und Birnen",
    "Öffnungszeiten: Mo–Fr 9–18 Uhr",
    "Café du Monde, New Orléans",
    "Rue de l'Université",
    "Place de la Concorde",
    "Île de la Cité",
    "Forêt de Fontainebleau",
    "Gare de l'Est",
    "Crème fraîche",
    "Bœuf bourguignon",
    "Façonnage",
    "Pêche Melba",
    "Sauté de veau",
    "Rôti de porc",
    "Soupe à l'oignon",
    "Gâteau au chocolat",
    "Tarte Tatin à la crème",
    "Vin rosé",
    "Eau de vie",
    "Thé à la menthe",
    "Dîner à huit heures",
    "Là-bas",
    "Voilà !",
    "Déjà-vu",
    "Coup de grâce",
    "Raison d'être",
    "Tête-à-tête",
    "Fiancée",
    "Protégé",
    "Naïveté",
    "Übermensch",
    "Doppelgänger",
    "Fahrvergnügen",
    "Jalapeño poppers",
    "Piña colada",
    "Niño",
    "Señorita",
    "Açúcar",
    "Maçã",
    "Pão de queijo",
    "Feijoada à moda",
    "Coração",
    "Avô e avó",
    "Três tristes tigres",
    "Él no está aquí",
    "Tú y yo",
    "Sí, señor",
    "Más o menos",
    "Qué tal",
    "Adiós",
    "Canción",
    "Corazón",
    "Ñandú",
    "Eñe",
    "Crêpe Suzette",
    "Bête noire",
    "Fin de siècle",
    "Belle Époque",
    "Art déco",
    "Arrière-pensée",
    "Cinéma vérité",
    "Pièce de résistance",
    "Où est le café ? Il est là.",
    "Je suis né à Lyon et j'habite à Nîmes.",
    "Thé ou café ?",
    "À la carte",
    "À la mode",
    "Mise en scène",
    "Hors d'œuvre",
    "Lèse-majesté",
    "Kindergärten",
    "Bücher",
    "Tschüss",
    "Dänemark",
    "Bäckerei",
    "Weißwurst",
    "Brötchen",
    "Kölsch",
    "Käsespätzle",
    "Apfelstrudel mit Schlagsahne",
    "São Tomé e Príncipe",
    "Bogotá",
    "Medellín",
    "Perú",
    "Panamá",
    "México",
    "Asunción",
    "Trois-Rivières",
    "Göttingen",
    "Würzburg",
    "Nürnberg",
    "Lübeck",
    "Mönchengladbach",
    "Saarbrücken",
    "Ålesund",
    "Bodø",
    "Vänersborg",
    "Jönköping",
    "Västerås",
    "Örebro",
};

// ---- Making legacy text from Unicode ----

// n bytes converted by glibc's iconv. Returns them NUL-terminated (the caller frees them) with
// *outn, or NULL when a character has no place in `to`.
static char *iconv_to(const char *to, const char *from, const char *in, size_t n, size_t *outn)
{
    iconv_t cd = iconv_open(to, from);
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = 4 * n + 16, left = n, room = cap - 1;
    char *out = malloc(cap), *o = out, *i = (char *)in;
    size_t rc = iconv(cd, &i, &left, &o, &room);
    if (rc != (size_t)-1)
        rc = iconv(cd, NULL, NULL, &o, &room);
    iconv_close(cd);
    if (rc == (size_t)-1) {
        free(out);
        return NULL;
    }
    *o = '\0';
    if (outn)
        *outn = (size_t)(o - out);
    return out;
}

struct bytes {
    char s[8192];
    size_t n;
};

static int put_bytes(struct bytes *b, const char *s, size_t n)
{
    if (b->n + n >= sizeof(b->s))
        return -1;
    memcpy(b->s + b->n, s, n);
    b->n += n;
    return 0;
}

// A character past ASCII that both legacy fonts keep at its Windows-1252 byte (“ ” – …).
static int punctuation(const char *ch, size_t len, struct bytes *b)
{
    size_t n;
    char *c = iconv_to("CP1252", "UTF-8", ch, len, &n);
    int rc = c && n == 1 && (unsigned char)c[0] >= 0x80 && (unsigned char)c[0] < 0xA0
                 ? put_bytes(b, c, 1)
                 : -1;
    free(c);
    return rc;
}

// The TCVN3 bytes of `text` as the ABC fonts give them: glibc's TCVN5712-1 (VN1) for the
// letters, with each capital VN3 lacks typed as its small letter, as a .VnTimeH font shows it.
// *lowered says whether any was. Returns 0, or -1 when a character has no TCVN3 byte.
static int tcvn3_bytes(const char *text, struct bytes *b, int *lowered)
{
    static const char vn3_capitals[] = "ĂÂÊÔƠƯĐ";
    char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)text);
    int rc = 0;
    b->n = 0;
    *lowered = 0;
    for (const char *p = nfc; rc == 0 && *p;) {
        const char *from = p;
        int32_t cp = (int32_t)bt_utf8_next(&p);
        char ch[8];
        size_t len = (size_t)(p - from), n;
        memcpy(ch, from, len);
        ch[len] = '\0';
        if (cp < 0x80) {
            rc = put_bytes(b, ch, len);
            continue;
        }
        if (utf8proc_tolower(cp) != cp && !strstr(vn3_capitals, ch)) {
            len = (size_t)utf8proc_encode_char(utf8proc_tolower(cp), (utf8proc_uint8_t *)ch);
            ch[len] = '\0';
            *lowered = 1;
        }
        char *t = iconv_to("TCVN5712-1", "UTF-8", ch, len, &n);
        if (t && n == 1 && (unsigned char)t[0] >= 0xA0)
            rc = put_bytes(b, t, 1);
        else
            rc = punctuation(from, (size_t)(p - from), b);
        free(t);
    }
    free(nfc);
    return rc;
}

// The VNI bytes of `text`, from vni_rows.
static int vni_bytes(const char *text, struct bytes *b)
{
    char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)text);
    int rc = 0;
    b->n = 0;
    for (const char *p = nfc; rc == 0 && *p;) {
        const char *from = p;
        int32_t cp = (int32_t)bt_utf8_next(&p);
        size_t len = (size_t)(p - from);
        if (cp < 0x80) {
            rc = put_bytes(b, from, len);
            continue;
        }
        rc = -1;
        for (size_t r = 0; rc && r < N(vni_rows); r++) {
            const char *letters = vni_rows[r][0], *codes = vni_rows[r][1];
            for (int k = 0; *letters; k++) {
                size_t ln = strcspn(letters, " "), cn = strcspn(codes, " ");
                if (ln == len && memcmp(letters, from, len) == 0) {
                    size_t n;
                    char *bytes = iconv_to("CP1252", "UTF-8", codes, cn, &n);
                    rc = bytes ? put_bytes(b, bytes, n) : -1;
                    free(bytes);
                    break;
                }
                letters += ln + (letters[ln] == ' ');
                codes += cn + (codes[cn] == ' ');
            }
        }
        if (rc)
            rc = punctuation(from, len, b);
    }
    free(nfc);
    return rc;
}

// What a Unicode editor shows of legacy bytes: read as Windows-1252, or as Latin-1.
static char *misread(const struct bytes *b, const char *as)
{
    return iconv_to("UTF-8", as, b->s, b->n, NULL);
}

static char *casefold(const char *s)
{
    return (char *)utf8proc_NFKC_Casefold((const utf8proc_uint8_t *)s);
}

static char *upper(const char *s)
{
    char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);
    for (char *p = nfc; p && *p;) {
        char *from = p;
        int32_t cp = (int32_t)bt_utf8_next((const char **)&p);
        int32_t up = utf8proc_toupper(cp);
        char enc[4];
        // Vietnamese letters keep their length in UTF-8 in either case.
        if (utf8proc_encode_char(up, (utf8proc_uint8_t *)enc) == p - from)
            memcpy(from, enc, (size_t)(p - from));
    }
    return nfc;
}

// ---- The tables ----

static void check_tables(void)
{
    bt_test_case = "TCVN3 against glibc's TCVN5712-1";
    int letters = 0;
    for (int b = 0xA1; b <= 0xFF; b++) {
        char byte = (char)b, in[8], want[16];
        char *vn1 = iconv_to("UTF-8", "TCVN5712-1", &byte, 1, NULL);
        char *shown = iconv_to("UTF-8", "CP1252", &byte, 1, NULL);
        char *vn1nfc = vn1 ? (char *)utf8proc_NFC((const utf8proc_uint8_t *)vn1) : NULL;
        int32_t cp = -1;
        if (vn1nfc)
            bt_utf8_decode(vn1nfc, strlen(vn1nfc), &cp);
        // VN3's letters: the small ones and Ă Â Ê Ô Ơ Ư Đ; VN1's others are not the ABC fonts'.
        int vn3 = cp > 0 && utf8proc_category(cp) != UTF8PROC_CATEGORY_MN &&
                  (utf8proc_tolower(cp) == cp || strstr("ĂÂÊÔƠƯĐ", vn1nfc));
        snprintf(in, sizeof(in), "x%s", shown ? shown : "");
        snprintf(want, sizeof(want), "x%s", vn3 ? vn1nfc : shown ? shown : "");
        char *got = bt_legacy_convert(in, BT_LEGACY_TCVN3);
        CHECK(got && strcmp(got, want) == 0, "byte 0x%02X: got \"%s\", want \"%s\" (VN1 \"%s\")", b,
              got ? got : "(null)", want, vn1nfc ? vn1nfc : "");
        letters += vn3;
        free(got);
        free(vn1);
        free(vn1nfc);
        free(shown);
    }
    CHECK(letters == 74, "%d letters, want VN3's 74", letters);

    bt_test_case = "VNI against its sources' table";
    int vni = 0;
    for (size_t r = 0; r < N(vni_rows); r++) {
        const char *letters_ = vni_rows[r][0], *codes = vni_rows[r][1];
        while (*letters_) {
            size_t ln = strcspn(letters_, " "), cn = strcspn(codes, " ");
            char in[32], want[32];
            snprintf(in, sizeof(in), "x%.*s", (int)cn, codes);
            snprintf(want, sizeof(want), "x%.*s", (int)ln, letters_);
            char *got = bt_legacy_convert(in, BT_LEGACY_VNI);
            CHECK(got && strcmp(got, want) == 0, "\"%s\": got \"%s\", want \"%s\"", in,
                  got ? got : "(null)", want);
            vni += (unsigned char)letters_[0] >= 0x80;
            free(got);
            letters_ += ln + (letters_[ln] == ' ');
            codes += cn + (codes[cn] == ' ');
        }
    }
    CHECK(vni == 134, "%d letters, want 134", vni);

    // 0x80-0x9F: read as Latin-1 (a C1 control), converted to the Windows-1252 punctuation it is.
    bt_test_case = "Windows-1252 against glibc's CP1252";
    for (int b = 0x80; b < 0xA0; b++) {
        char byte = (char)b, in[8], want[16];
        char *w = iconv_to("UTF-8", "CP1252", &byte, 1, NULL);
        snprintf(in, sizeof(in), "x\xC2%c", (char)b);
        snprintf(want, sizeof(want), "x%s", w ? w : in + 1);
        for (int e = BT_LEGACY_TCVN3; e <= BT_LEGACY_VNI; e++) {
            char *got = bt_legacy_convert(in, (enum bt_legacy)e);
            CHECK(got && strcmp(got, want) == 0, "byte 0x%02X: got \"%s\", want \"%s\"", b,
                  got ? got : "(null)", want);
            free(got);
            if (w) {
                got = bt_legacy_convert(want, (enum bt_legacy)e);
                CHECK(got && strcmp(got, want) == 0, "\"%s\" read as \"%s\"", want,
                      got ? got : "(null)");
                free(got);
            }
        }
        free(w);
    }
}

// ---- Sentences ----

// One sentence through one encoding and one reading: recognised as `enc`, converted to the
// sentence (exactly, or but for capitals TCVN3 could not keep: `lowered`).
static void check_reading(const char *sentence, enum bt_legacy enc, const char *as)
{
    struct bytes b;
    int lowered = 0;
    int rc = enc == BT_LEGACY_TCVN3 ? tcvn3_bytes(sentence, &b, &lowered) : vni_bytes(sentence, &b);
    char *shown = rc == 0 ? misread(&b, as) : NULL, *converted = NULL;
    CHECK(shown, "\"%s\" has no %s bytes read as %s", sentence, bt_legacy_name(enc), as);
    if (!shown)
        return;
    enum bt_legacy got = bt_legacy_detect(shown, &converted);
    char *want = (char *)utf8proc_NFC((const utf8proc_uint8_t *)sentence);
    CHECK(got == enc, "\"%s\" (%s read as %s) taken for %s", shown, bt_legacy_name(enc), as,
          bt_legacy_name(got));
    if (got == enc && converted && lowered) {
        char *a = casefold(converted), *w = casefold(want);
        CHECK(strcmp(a, w) == 0, "\"%s\" converted to\n  \"%s\", want\n  \"%s\"", shown, converted,
              want);
        free(a);
        free(w);
    } else if (got == enc) {
        CHECK(converted && strcmp(converted, want) == 0,
              "\"%s\" converted to\n  \"%s\", want\n  \"%s\"", shown,
              converted ? converted : "(null)", want);
    }
    free(want);
    free(converted);
    free(shown);
}

static void check_sentences(void)
{
    static const char *const readings[] = {"CP1252", "ISO-8859-1"};
    for (size_t i = 0; i < N(sentences); i++) {
        bt_test_case = sentences[i];
        char *caps = upper(sentences[i]);
        for (size_t r = 0; r < N(readings); r++) {
            check_reading(sentences[i], BT_LEGACY_TCVN3, readings[r]);
            check_reading(sentences[i], BT_LEGACY_VNI, readings[r]);
            // The same in capitals, as a .VnTimeH font or VNI's capitals show it.
            check_reading(caps, BT_LEGACY_TCVN3, readings[r]);
            check_reading(caps, BT_LEGACY_VNI, readings[r]);
        }
        free(caps);
    }
    // The two forms staff see most, as they reach a playlist.
    bt_test_case = "as pasted";
    char *c = NULL;
    CHECK(bt_legacy_detect("Céng hoµ x· héi chñ nghÜa", &c) == BT_LEGACY_TCVN3 && c &&
              strcmp(c, "Cộng hoà xã hội chủ nghĩa") == 0,
          "TCVN3: \"%s\"", c ? c : "(null)");
    free(c);
    CHECK(bt_legacy_detect("Coäng hoøa xaõ hoäi chuû nghóa", &c) == BT_LEGACY_VNI && c &&
              strcmp(c, "Cộng hòa xã hội chủ nghĩa") == 0,
          "VNI: \"%s\"", c ? c : "(null)");
    free(c);
    CHECK(bt_legacy_detect("Céng hoµ x· héi chñ nghÜa", NULL) == BT_LEGACY_TCVN3, "no copy asked");
}

// ---- The seeds, line by line ----

// The words of a line made only of Latin-1 letters (là, có, Hà): Vietnamese that a legacy
// reading could take, joined.
static void latin1_words(const char *line, char *out, size_t size)
{
    size_t o = 0;
    out[0] = '\0';
    for (const char *p = line; *p;) {
        size_t n = strcspn(p, " \t");
        int wide = 0, narrow = 1;
        for (const char *q = p; q < p + n;) {
            uint32_t cp = bt_utf8_next(&q);
            wide |= cp >= 0x80;
            narrow &= cp < 0x100;
        }
        if (n && wide && narrow && o + n + 2 < size) {
            if (o)
                out[o++] = ' ';
            memcpy(out + o, p, n);
            o += n;
            out[o] = '\0';
        }
        p += n;
        p += strspn(p, " \t");
    }
}

// Words with a letter past ASCII: a line with fewer than two says too little to recognise.
static size_t wide_words(const char *line)
{
    size_t words = 0;
    for (const char *p = line; *p;) {
        size_t n = strcspn(p, " \t");
        int wide = 0;
        for (const char *q = p; q < p + n;) {
            uint32_t cp = bt_utf8_next(&q);
            utf8proc_category_t c = utf8proc_category((int32_t)cp);
            wide |= cp >= 0x80 && c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
        }
        words += wide;
        p += n;
        p += strspn(p, " \t");
    }
    return words;
}

static void check_seeds(void)
{
    static const char *const files[] = {"003_0d5e1ade5f4836b3.txt", "004_93c1ba3855f86f3b.txt"};
    size_t lines = 0, hits = 0, eligible = 0, found = 0, tried = 0, wrong = 0;
    for (size_t f = 0; f < N(files); f++) {
        char path[1024];
        snprintf(path, sizeof(path), "%s/tests/seeds/%s", BT_SOURCE_DIR, files[f]);
        char *text = bt_test_read(path);
        bt_test_case = path;
        CHECK(text, "cannot read it");
        for (char *line = text, *next; line && *line; line = next) {
            next = strchr(line, '\n');
            if (next)
                *next++ = '\0';
            char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)line), picked[4096];
            bt_test_case = nfc;
            if (!*nfc) {
                free(nfc);
                continue;
            }
            // As written, and its Latin-1 words alone: not legacy.
            lines++;
            enum bt_legacy e = bt_legacy_detect(nfc, NULL);
            hits += e != BT_LEGACY_NONE;
            CHECK(e == BT_LEGACY_NONE, "taken for %s", bt_legacy_name(e));
            latin1_words(nfc, picked, sizeof(picked));
            e = *picked ? bt_legacy_detect(picked, NULL) : BT_LEGACY_NONE;
            hits += e != BT_LEGACY_NONE;
            CHECK(e == BT_LEGACY_NONE, "its words \"%s\" taken for %s", picked, bt_legacy_name(e));
            // Through each encoding and reading: recognised when it says enough, and then right.
            for (int enc = BT_LEGACY_TCVN3; enc <= BT_LEGACY_VNI; enc++) {
                for (int r = 0; r < 2; r++) {
                    struct bytes b;
                    int lowered;
                    if ((enc == BT_LEGACY_TCVN3 ? tcvn3_bytes(nfc, &b, &lowered)
                                                : vni_bytes(nfc, &b)) != 0)
                        continue;
                    char *shown = misread(&b, r ? "ISO-8859-1" : "CP1252"), *conv = NULL;
                    if (!shown || strcmp(shown, nfc) == 0) {
                        free(shown);
                        continue;
                    }
                    tried++;
                    e = bt_legacy_detect(shown, &conv);
                    int enough = wide_words(nfc) >= 2;
                    eligible += enough;
                    found += enough && e == (enum bt_legacy)enc;
                    if (e != BT_LEGACY_NONE) {
                        char *a = conv ? casefold(conv) : NULL, *w = casefold(nfc);
                        int right = e == (enum bt_legacy)enc && a && strcmp(a, w) == 0;
                        wrong += !right;
                        CHECK(right, "\"%s\" as %s: \"%s\"", shown, bt_legacy_name(e),
                              conv ? conv : "(null)");
                        free(a);
                        free(w);
                    }
                    free(conv);
                    free(shown);
                }
            }
            free(nfc);
        }
        free(text);
    }
    bt_test_case = "seeds";
    printf("seeds: %zu lines as written, %zu taken for legacy; %zu legacy forms, %zu of %zu with "
           "two words or more recognised, %zu wrong\n",
           lines, hits, tried, found, eligible, wrong);
    CHECK(lines > 400 && hits == 0 && wrong == 0, "%zu lines, %zu hits, %zu wrong", lines, hits,
          wrong);
    CHECK(found * 100 >= eligible * 98, "%zu of %zu recognised", found, eligible);
}

static void check_european(void)
{
    size_t hits = 0;
    for (size_t i = 0; i < N(european); i++) {
        bt_test_case = european[i];
        enum bt_legacy e = bt_legacy_detect(european[i], NULL);
        hits += e != BT_LEGACY_NONE;
        CHECK(e == BT_LEGACY_NONE, "taken for %s", bt_legacy_name(e));
    }
    printf("European text: %zu strings, %zu taken for legacy\n", N(european), hits);
}

// ---- Syllables ----

static void check_syllables(void)
{
    static const char *const yes[] = {
        "nghiêng", "quốc", "giữa", "gì",     "gìn",  "giếng", "khuỷu", "thuở",
        "người",   "Việt", "ĐỔI",  "chuyển", "kỹ",   "quỳnh", "quýt",  "oà",
        "uể",      "yêu",  "ạ",    "xoong",  "được", "khuya", "ngoẹo", "hoà",
        "hòa",     "tuýp", "Ủy",   "ăn",     "ấy",   "gia",   "nghĩa", "phường",
    };
    static const char *const no[] = {
        "café",   "Müller", "cỏc",   "ghà",   "ngê",      "ci",   "kan", "quu",   "xyz",
        "â",      "ă",      "Paris", "ñy",    "hoµ",      "Céng", "chñ", "nghÜa", "laø",
        "Straße", "thé́",    "àà",    "tiêng̀", "nghiêngg", "ngh",  "q",   "ĐMST",
    };
    bt_test_case = "syllables";
    for (size_t i = 0; i < N(yes); i++)
        CHECK(bt_legacy_is_syllable(yes[i], strlen(yes[i])), "\"%s\" is one", yes[i]);
    for (size_t i = 0; i < N(no); i++)
        CHECK(!bt_legacy_is_syllable(no[i], strlen(no[i])), "\"%s\" is none", no[i]);
    CHECK(bt_legacy_reads_vietnamese("Thông báo", strlen("Thông báo")), "reads as Vietnamese");
    CHECK(!bt_legacy_reads_vietnamese("Müller Straße", strlen("Müller Straße")), "does not");
}

// ---- check's warnings ----

// `text` in TCVN3 (or VNI) bytes, read as Windows-1252: what staff paste.
static char *pasted(const char *text, enum bt_legacy enc)
{
    struct bytes b;
    int lowered;
    int rc = enc == BT_LEGACY_TCVN3 ? tcvn3_bytes(text, &b, &lowered) : vni_bytes(text, &b);
    return rc == 0 ? misread(&b, "CP1252") : NULL;
}

static void check_warnings(void)
{
    bt_test_case = "check's warnings";
    const char *slogan = "Cộng hoà xã hội chủ nghĩa Việt Nam";
    const char *notice = sentences[8];   // longer than a message quotes
    char *t = pasted(slogan, BT_LEGACY_TCVN3), *v = pasted(notice, BT_LEGACY_VNI);
    char doc[16384], want[2048], got[2048];
    snprintf(doc, sizeof(doc),
             HEAD ZONE_OPEN
             "\"items\": [\n"
             "{\"type\": \"text\", \"text\": \"%s\"},\n"
             "{\"type\": \"text\", \"text\": \"Xin chào, Hà Nội\"}\n"
             "]}],\n"
             "\"overrides\": [{\"id\": \"notice\", \"zones\": \"all\", \"items\": [\n"
             "  {\"type\": \"ticker\", \"text\": \"%s\"}]}]}",
             t, v);
    struct bt_diags d = {0};
    struct bt_playlist *p =
        bt_playlist_parse(doc, strlen(doc), "t.json", NULL, BT_PLAYLIST_CHECK, &d);
    CHECK(p && d.errors == 0 && d.warnings == 2 && d.count == 2, "%zu errors, %zu warnings",
          d.errors, d.warnings);
    snprintf(want, sizeof(want),
             "t.json:4:26: warning: zones[0].items[0].text: looks typed in TCVN3 (ABC) and pasted "
             "as Unicode; it should read \"%s\": run bangtin check --fix-encoding t.json to write "
             "a corrected copy",
             slogan);
    if (d.count > 0)
        bt_diag_format(&d.items[0], "t.json", got, sizeof(got));
    CHECK(d.count > 0 && strcmp(got, want) == 0, "\n  got  %s\n  want %s", got, want);
    // The override's ticker: VNI, quoted to its first 50 characters.
    char quoted[400];
    bt_utf8_quote(notice, 50, quoted, sizeof(quoted));
    snprintf(want, sizeof(want),
             "t.json:8:30: warning: overrides[0].items[0].text: looks typed in VNI-Windows and "
             "pasted as Unicode; it should read \"%s\": run bangtin check --fix-encoding t.json "
             "to write a corrected copy",
             quoted);
    if (d.count > 1)
        bt_diag_format(&d.items[1], "t.json", got, sizeof(got));
    CHECK(d.count > 1 && strcmp(got, want) == 0, "\n  got  %s\n  want %s", got, want);
    CHECK(strstr(quoted, "…") && bt_utf8_count(quoted) == 51, "quoted as \"%s\"", quoted);
    bt_playlist_destroy(p);
    bt_diags_free(&d);

    // The player shows the text as written, and says nothing of it.
    p = bt_playlist_parse(doc, strlen(doc), "t.json", NULL, BT_PLAYLIST_PLAY, &d);
    CHECK(p && d.count == 0 && p->nzones == 1 && p->zones[0].nitems == 2 &&
              strcmp(p->zones[0].items[0].text, t) == 0,
          "play: %zu problems", d.count);
    bt_playlist_destroy(p);
    bt_diags_free(&d);

    // The bundled playlists hold none.
    static const char *const bundled[] = {"demo.json", "ward-hall.json", "led-panel.json"};
    for (size_t i = 0; i < N(bundled); i++) {
        char path[1024];
        snprintf(path, sizeof(path), "%s/playlists/%s", BT_SOURCE_DIR, bundled[i]);
        p = bt_playlist_load(path, BT_PLAYLIST_CHECK, &d);
        for (size_t k = 0; k < d.count; k++)
            CHECK(!strstr(d.items[k].message, "pasted as Unicode"), "%s: %s", bundled[i],
                  d.items[k].message);
        bt_playlist_destroy(p);
        bt_diags_free(&d);
    }
    free(t);
    free(v);
}

// ---- The copy ----

#define FIX_FORM                                                                                   \
    "\xEF\xBB\xBF{\"version\": 1,\n"                                                               \
    "  \"revision\":   \"caf\\u00e9 M\\u00fcller\",   \"x\": [1, 2.5, true],\n"                    \
    "  \"%s\": \"%s\\n\\\"\\u0032026\\\"\"}\n"

// bt_legacy_fix_json: only the legacy strings change; keys, escapes, other strings, the layout
// and Notepad's BOM keep their bytes.
static void check_fix_json(void)
{
    bt_test_case = "bt_legacy_fix_json";
    char *t = pasted("Chào mừng ngày hội “Bình dân học vụ số”", BT_LEGACY_TCVN3);
    char doc[4096], want[4096];
    snprintf(doc, sizeof(doc), FIX_FORM, t, t);
    snprintf(want, sizeof(want), FIX_FORM, t, "Chào");
    char *out = NULL;
    size_t n = 0;
    struct bt_legacy_fixed what;
    int rc = bt_legacy_fix_json(doc, strlen(doc), &out, &n, &what);
    CHECK(rc == 0 && what.tcvn3 == 1 && what.vni == 0 && !what.cp1258, "rc %d, %zu converted", rc,
          what.tcvn3);
    json_error_t je;
    json_t *root = out ? json_loadb(out + 3, n - 3, 0, &je) : NULL;
    const char *value = json_string_value(json_object_get(root, t));
    CHECK(value && strcmp(value, "Chào mừng ngày hội “Bình dân học vụ số”\n\"2026\"") == 0,
          "value \"%s\"", value ? value : "(null)");
    char *expect = strstr(want, "\"Chào");
    CHECK(out && strncmp(out, want, (size_t)(expect - want)) == 0 &&
              strstr(out, "\"Chào mừng ngày hội “Bình dân học vụ số”\\n\\\"2026\\\"\"}\n"),
          "\n%s", out ? out : "(null)");
    json_decref(root);
    free(out);

    rc = bt_legacy_fix_json("{\"a\": [1,", 9, &out, &n, &what);
    CHECK(rc == BT_LEGACY_FIX_NOT_JSON, "not JSON: %d", rc);
    rc = bt_legacy_fix_json("{\"a\": \"M\xFCller\"}", 15, &out, &n, &what);
    CHECK(rc == BT_LEGACY_FIX_NOT_UTF8, "Latin-1: %d", rc);
    free(t);
}

// ---- bangtin check --fix-encoding ----

#define CLI_FORM                                                                                   \
    HEAD ZONE_OPEN "\"items\": [\n"                                                                \
                   "  {\"type\": \"text\",   \"text\": \"%s\"},\n"                                 \
                   "  {\"type\": \"ticker\", \"text\": \"%s\", \"speed\": 90},\n"                  \
                   "  {\"type\": \"text\",   \"text\": \"Xin chào\"}\n"                           \
                   "]}]}\n"

static int exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

static void check_cli(void)
{
    bt_test_case = "bangtin check --fix-encoding";
    const char *slogan = sentences[0], *notice = sentences[10];
    char *t = pasted(slogan, BT_LEGACY_TCVN3), *v = pasted(notice, BT_LEGACY_VNI);
    char doc[16384], want[16384], args[8192], copy[1024], path[1024], *out = NULL, *text = NULL;
    snprintf(doc, sizeof(doc), CLI_FORM, t, v);
    snprintf(want, sizeof(want), CLI_FORM, slogan, notice);
    const char *file = bt_test_write("ward.json", doc);
    snprintf(copy, sizeof(copy), "%s/ward.unicode.json", bt_test_tmpdir());

    // check names both.
    snprintf(args, sizeof(args), "check %s", file);
    int rc = bt_test_run_bangtin("legacy-check", args, &out, NULL);
    CHECK(rc == 0 && out && strstr(out, "0 errors, 2 warnings") &&
              strstr(out, "zones[0].items[0].text: looks typed in TCVN3 (ABC)") &&
              strstr(out, "zones[0].items[1].text: looks typed in VNI-Windows"),
          "exit %d:\n%s", rc, out ? out : "");
    free(out);

    snprintf(args, sizeof(args), "check --fix-encoding %s", file);
    rc = bt_test_run_bangtin("legacy-fix", args, &out, NULL);
    char line[4096];
    snprintf(line, sizeof(line), "%s: wrote %s; check it with bangtin check %s\n", file, copy,
             copy);
    CHECK(rc == 0 && out && strstr(out, line) &&
              strstr(out, "1 text typed in TCVN3 (ABC) converted to Unicode") &&
              strstr(out, "1 text typed in VNI-Windows converted to Unicode"),
          "exit %d:\n%s", rc, out ? out : "");
    free(out);
    text = bt_test_read(copy);
    CHECK(text && strcmp(text, want) == 0, "the copy:\n%s\nwant:\n%s", text ? text : "(none)",
          want);
    free(text);
    text = bt_test_read(file);
    CHECK(text && strcmp(text, doc) == 0, "the file itself changed");
    free(text);

    // The copy passes check, with no warning.
    snprintf(args, sizeof(args), "check %s", copy);
    rc = bt_test_run_bangtin("legacy-copy", args, &out, NULL);
    CHECK(rc == 0 && out && strstr(out, "0 errors, 0 warnings"), "exit %d:\n%s", rc,
          out ? out : "");
    free(out);

    // Never over an existing copy.
    snprintf(args, sizeof(args), "check --fix-encoding %s", file);
    rc = bt_test_run_bangtin("legacy-again", args, &out, NULL);
    CHECK(rc == 2 && out && strstr(out, "already exists; nothing is written over it"),
          "exit %d:\n%s", rc, out ? out : "");
    free(out);
    text = bt_test_read(copy);
    CHECK(text && strcmp(text, want) == 0, "the copy changed");
    free(text);

    // A file with nothing to convert gets no copy.
    const char *clean = bt_test_write("clean.json", want);
    snprintf(args, sizeof(args), "check --fix-encoding %s", clean);
    rc = bt_test_run_bangtin("legacy-clean", args, &out, NULL);
    snprintf(copy, sizeof(copy), "%s/clean.unicode.json", bt_test_tmpdir());
    CHECK(rc == 0 && out && strstr(out, "no text in an old Vietnamese encoding") && !exists(copy),
          "exit %d:\n%s", rc, out ? out : "");
    free(out);

    // Saved in Windows-1258 (made here with iconv): check says so, and the copy is the text.
    size_t n;
    char *cp1258 = iconv_to("CP1258", "UTF-8", want, strlen(want), &n);
    snprintf(path, sizeof(path), "%s/notice.json", bt_test_tmpdir());
    FILE *f = fopen(path, "wb");
    CHECK(cp1258 && f && fwrite(cp1258, 1, n, f) == n && fclose(f) == 0, "cannot write %s", path);
    free(cp1258);
    snprintf(args, sizeof(args), "check %s", path);
    rc = bt_test_run_bangtin("legacy-1258", args, &out, NULL);
    snprintf(line, sizeof(line),
             "it looks saved in Windows-1258, an old Vietnamese encoding; run bangtin check "
             "--fix-encoding %s to write a UTF-8 copy of it",
             path);
    CHECK(rc == 2 && out && strstr(out, line), "exit %d:\n%s", rc, out ? out : "");
    free(out);
    snprintf(args, sizeof(args), "check --fix-encoding %s", path);
    rc = bt_test_run_bangtin("legacy-1258-fix", args, &out, NULL);
    CHECK(rc == 0 && out && strstr(out, "read as Windows-1258 and converted to UTF-8"),
          "exit %d:\n%s", rc, out ? out : "");
    free(out);
    snprintf(copy, sizeof(copy), "%s/notice.unicode.json", bt_test_tmpdir());
    text = bt_test_read(copy);
    CHECK(text && strcmp(text, want) == 0, "the copy:\n%s", text ? text : "(none)");
    free(text);
    snprintf(args, sizeof(args), "check %s", copy);
    rc = bt_test_run_bangtin("legacy-1258-copy", args, &out, NULL);
    CHECK(rc == 0 && out && strstr(out, "0 errors, 0 warnings"), "exit %d:\n%s", rc,
          out ? out : "");
    free(out);

    // Not UTF-8 and not Vietnamese: nothing written. A usage error with --json.
    const char *latin1 =
        bt_test_write("latin1.json", "{\"version\": 1, \"revision\": \"M\xFCller\"}");
    snprintf(args, sizeof(args), "check --fix-encoding %s", latin1);
    rc = bt_test_run_bangtin("legacy-latin1", args, &out, NULL);
    snprintf(copy, sizeof(copy), "%s/latin1.unicode.json", bt_test_tmpdir());
    CHECK(rc == 2 && out && strstr(out, "does not read as Vietnamese") && !exists(copy),
          "exit %d:\n%s", rc, out ? out : "");
    free(out);
    snprintf(args, sizeof(args), "check --fix-encoding --json %s", file);
    rc = bt_test_run_bangtin("legacy-json", args, NULL, NULL);
    CHECK(rc == 2, "exit %d with --json", rc);
    rc = bt_test_run_bangtin("legacy-help", "--help", &out, NULL);
    CHECK(rc == 0 && out && strstr(out, "bangtin check --fix-encoding FILE...") &&
              strstr(out, "  --fix-encoding "),
          "exit %d:\n%s", rc, out ? out : "");
    free(out);
    free(t);
    free(v);
}

int main(void)
{
    // Messages in English, whatever the machine's language.
    setenv("LANGUAGE", "", 1);
    setenv("LC_ALL", "C.UTF-8", 1);
    check_tables();
    check_sentences();
    check_seeds();
    check_european();
    check_syllables();
    check_warnings();
    check_fix_json();
    check_cli();
    return bt_test_end();
}
