"""Language packs: folder and flat layouts are merged; absent packs are empty, never an error."""

from __future__ import annotations

import analysis.langpack as lp


def test_folder_and_flat_layouts_merge(tmp_path, monkeypatch):
    (tmp_path / "xx").mkdir()
    (tmp_path / "xx" / "quotes.toml").write_text('verbs = ["sagte", "meinte"]\n', encoding="utf-8")
    (tmp_path / "xx_dates.toml").write_text('months = ["Januar"]\nsingle = "heute"\n', encoding="utf-8")
    monkeypatch.setattr(lp, "LANG_DIR", tmp_path)
    lp.pack.cache_clear()
    try:
        assert lp.words("xx", "quotes", "verbs") == ("sagte", "meinte")
        assert lp.words("xx", "dates", "months") == ("Januar",)
        assert lp.words("xx", "dates", "single") == ("heute",)
        assert lp.words("xx", "dates", "missing") == ()
        assert lp.pack("yy", "quotes") == {}
        assert lp.languages() == ("xx",)
    finally:
        lp.pack.cache_clear()


# ---------------------------------------------------------------- German, added as data (issue #12)

GERMAN = [  # sentences of stored German news pages (tests/gold/dates_real_s2.csv)
    "Die Starliner-Kapsel hatte am 6. Juni mit Barry Wilmore und Suni Williams an Bord an der ISS angedockt und "
    "sollte eigentlich schon nach acht Tagen zurückkehren.",
    "Wegen technischer Probleme an ihrem Raumschiff können zwei amerikanische Astronauten an Bord der "
    "Internationalen Raumstation ISS erst Anfang nächsten Jahres zur Erde zurückkehren.",
    "Der ursprünglich für Mitte Juni geplante Rückflug wurde abgesagt, seither hängen die beiden Astronauten auf "
    "der Raumstation 400 Kilometer über der Erde fest.",
]
OTHERS = {  # one sentence per language the project already reads: their detection must not change
    "en": "NASA decided Saturday that the two astronauts will not return to Earth on Boeing's new capsule.",
    "ko": "국회는 4일 오전 0시 즈음에 긴급 회의를 소집해 비상계엄 해제 요구안에 대해 표결했다.",
    "zh": "南韓總統尹錫悅昨(3)日深夜突宣布緊急戒嚴令,遭到國會決議反對。",
    "ja": "尹錫悦大統領は4日、非常戒厳宣言を解除することにした。",
}


def test_german_pack_is_a_folder_with_dates() -> None:
    lp.pack.cache_clear()
    assert "de" in lp.languages()
    months = lp.pack("de", "dates")["months"]
    assert months["märz"] == 3 and months["dezember"] == 12
    assert "day" in lp.pack("de", "dates")["templates"]


def test_german_text_is_detected_as_german_and_others_unchanged() -> None:
    from analysis.language import detect_language

    for text in GERMAN:
        assert detect_language(text)[0] == "de", text
    for code, text in OTHERS.items():
        assert detect_language(text)[0] == code, text


def test_german_sentiment_is_not_scored() -> None:
    from analysis.sentiment import unreadable_reason

    for text in GERMAN:
        assert "not supported" in unreadable_reason(text, "de")
