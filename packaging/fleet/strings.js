// The fleet page's words, Vietnamese (the default) and English. A value is a string, with
// {name} for what fleet.js fills in, or a function of numbers where the plural differs.
"use strict";

var BT_STRINGS = {
    vi: {
        title: "Màn hình bangtin",
        heading: "Các màn hình bảng tin",
        filter_label: "Lọc theo tên",
        lang_label: "Ngôn ngữ",
        loading: "Đang đọc báo cáo…",
        summary: function (n, late, unknown) {
            var s = n + " màn hình, " + late + " mất liên lạc";
            return unknown ? s + ", " + unknown + " không đọc được báo cáo" : s;
        },
        filtered: " (lọc theo “{filter}”)",
        updated: "Cập nhật lúc {time}; tự làm mới mỗi 15 giây.",
        list_failed: "Không đọc được thư mục báo cáo {url}: {why}.",
        no_connection: "không kết nối được",
        none: "Chưa có màn hình nào báo cáo.",
        caption: "Trạng thái từng màn hình, theo báo cáo gần nhất của nó",
        col_screen: "Màn hình",
        col_seen: "Lần cuối",
        col_state: "Trạng thái",
        col_version: "Phiên bản",
        col_revision: "Nội dung đang chiếu",
        col_problem: "Sự cố gần nhất",
        col_shot: "Hình trên màn",
        col_plays: "Lượt phát hôm nay",
        col_temp: "Nhiệt độ",
        col_ips: "Địa chỉ IP",
        state_ok: "Bình thường",
        state_late: "Mất liên lạc",
        state_dark: "Màn hình tắt",
        state_problem: "Có sự cố",
        state_missing: "Chưa có báo cáo",
        state_unreadable: "Báo cáo hỏng",
        just_now: "vừa xong",
        secs_ago: "{n} giây trước",
        mins_ago: "{n} phút trước",
        hours_ago: "{n} giờ trước",
        days_ago: "{n} ngày trước",
        reported_at: "Báo cáo lúc {time}",
        pending: "chờ: {revision}",
        plays_on: "(ngày {date})",
        shot_alt: "Hình trên màn {screen}",
        csv_heading: "Danh sách đã phát (CSV)",
        csv_hint: "Mỗi dòng là một lần phát, của các màn hình đang hiện ở bảng trên.",
        csv_from: "Từ ngày",
        csv_to: "Đến ngày",
        csv_button: "Tải CSV",
        csv_bad_range: "Ngày không hợp lệ: chọn từ ngày đến ngày, tối đa 366 ngày.",
        csv_reading: "Đang đọc tệp {k}/{n}…",
        csv_done: function (rows, screens, days) {
            return rows + " lượt phát của " + screens + " màn hình trong " + days + " ngày";
        },
        csv_failed: "; {n} tệp không đọc được",
        csv_skipped: "; bỏ qua {n} dòng hỏng",
        csv_save: "Lưu {name}"
    },
    en: {
        title: "bangtin screens",
        heading: "Signage screens",
        filter_label: "Filter by name",
        lang_label: "Language",
        loading: "Reading the reports…",
        summary: function (n, late, unknown) {
            var s = n + (n === 1 ? " screen, " : " screens, ") + late + " not heard from";
            return unknown ? s + ", " + unknown + " with no readable report" : s;
        },
        filtered: " (filtered by “{filter}”)",
        updated: "Updated at {time}; refreshed every 15 s.",
        list_failed: "Cannot read the report folder {url}: {why}.",
        no_connection: "no connection",
        none: "No screen has reported yet.",
        caption: "Each screen's state, from its last report",
        col_screen: "Screen",
        col_seen: "Last seen",
        col_state: "State",
        col_version: "Version",
        col_revision: "Revision playing",
        col_problem: "Last problem",
        col_shot: "On screen",
        col_plays: "Plays today",
        col_temp: "Temperature",
        col_ips: "IP addresses",
        state_ok: "OK",
        state_late: "Not heard from",
        state_dark: "Display off",
        state_problem: "Problem",
        state_missing: "No report",
        state_unreadable: "Unreadable report",
        just_now: "just now",
        secs_ago: "{n} s ago",
        mins_ago: "{n} min ago",
        hours_ago: "{n} h ago",
        days_ago: "{n} days ago",
        reported_at: "Reported at {time}",
        pending: "pending: {revision}",
        plays_on: "(on {date})",
        shot_alt: "What {screen} shows",
        csv_heading: "Proof of play (CSV)",
        csv_hint: "One line a play, for the screens shown in the table above.",
        csv_from: "From",
        csv_to: "To",
        csv_button: "Download CSV",
        csv_bad_range: "Invalid dates: choose a first and a last day, at most 366 days.",
        csv_reading: "Reading file {k} of {n}…",
        csv_done: function (rows, screens, days) {
            return rows + (rows === 1 ? " play from " : " plays from ") + screens +
                (screens === 1 ? " screen over " : " screens over ") + days +
                (days === 1 ? " day" : " days");
        },
        csv_failed: "; {n} files could not be read",
        csv_skipped: "; {n} broken lines skipped",
        csv_save: "Save {name}"
    }
};
