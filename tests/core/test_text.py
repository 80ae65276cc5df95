from __future__ import annotations

from thucthi.core.text import fold, public_note, search_document, search_terms, sort_key


def test_it_folds_diacritics_and_d_stroke() -> None:
    assert fold("Sở Kế hoạch và Đầu tư") == "so ke hoach va dau tu"
    assert fold("ĐẶC KHU Phú Quốc") == "dac khu phu quoc"
    assert fold("Uỷ ban") == fold("Ủy ban") == "uy ban"


def test_it_keeps_ampersand_abbreviations_searchable() -> None:
    assert search_terms("Sở KH&ĐT") == ["so", "kh&dt"]
    assert "kh&dt" in search_document("Sở Kế hoạch và Đầu tư")
    assert " ubnd" in " " + search_document("Ủy ban nhân dân tỉnh Hưng Yên")


def test_it_sorts_in_vietnamese_alphabetical_order() -> None:
    words = ["Đà Nẵng", "Dĩ An", "Bắc Ninh", "Bạc Liêu", "An Giang", "Ân Thi", "Ô Môn", "Ơn", "Hải Phòng", "Hà Tĩnh", "Hà Nội"]
    assert sorted(words, key=sort_key) == [
        "An Giang", "Ân Thi", "Bạc Liêu", "Bắc Ninh", "Dĩ An", "Đà Nẵng", "Hà Nội", "Hà Tĩnh", "Hải Phòng", "Ô Môn", "Ơn",
    ]


def test_it_orders_tones_ngang_huyen_hoi_nga_sac_nang() -> None:
    assert sorted(["má", "mạ", "mà", "mả", "ma", "mã"], key=sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_it_makes_digit_only_keys_so_any_collation_agrees() -> None:
    assert sort_key("Hưng Yên (mới) - 2025!").isdigit()


def test_a_data_note_shows_users_only_its_vietnamese_sentences_without_source_ids() -> None:
    assert public_note("Phần còn lại của xã Phương Chiểu (2,49 km²) nhập với xã Hồng Nam (S7).") == \
        "Phần còn lại của xã Phương Chiểu (2,49 km²) nhập với xã Hồng Nam."
    assert public_note("Một phần nhập vào Xã Lạc Đạo; phần còn lại thuộc Xã Đại Đồng. Split taken from S4 and S5.") == \
        "Một phần nhập vào Xã Lạc Đạo; phần còn lại thuộc Xã Đại Đồng."
    assert public_note("District level ended on 1/7/2025 (Luật số 72/2025/QH15; cited in S6).") == ""
