"""Entity discovery per language, linking across scripts, story files and the cheap story pass."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pandas as pd
import pytest

from analysis.entities import MIN_SKELETON, Story, StoryTopic, _kind, find_mentions, link, mention_rows, parse_story
from analysis.events import find_predicates, merge_milestones
from analysis.pipeline import build_tables, story_pass
from analysis.records import Document
from analysis.sentences import split_sentences
from analysis.translit import exact_key, romanize_hangul, romanize_kana, skeleton, to_simplified

# ---------------------------------------------------------------- transliteration


@pytest.mark.parametrize("names", [
    [("Macron", "en"), ("마크롱", "ko"), ("マクロン", "ja"), ("马克龙", "zh")],
    [("Samsung", "en"), ("삼성", "ko"), ("サムスン", "ja")],
    [("Stargate", "en"), ("스타게이트", "ko"), ("スターゲート", "ja")],
    [("Sam Altman", "en"), ("샘 올트먼", "ko"), ("萨姆·奥尔特曼", "zh"), ("サム・アルトマン", "ja")],
])
def test_one_name_has_one_skeleton_in_every_script(names: list[tuple[str, str]]) -> None:
    assert len({skeleton(n, lang) for n, lang in names}) == 1, [(n, skeleton(n, lang)) for n, lang in names]


def test_scripts_convert() -> None:
    assert romanize_hangul("삼성") == "samseong"
    assert romanize_kana("マクロン") == "makuron"
    assert to_simplified("星際之門") == "星际之门"
    assert exact_key("Open AI") == exact_key("OpenAI") == "openai"
    # "Seoul" and "Sora" share the skeleton "s": too short to merge on sound alone
    assert skeleton("Seoul") == skeleton("Sora") and len(skeleton("Sora")) < MIN_SKELETON


# ---------------------------------------------------------------- discovery


def _mentions(text: str, lang: str) -> list:
    return find_mentions(split_sentences(text, lang), lang)


def test_english_capitalised_phrases_with_kinds() -> None:
    ms = _mentions("President Emmanuel Macron visited Samsung Electronics in Seoul on Monday. "
                   "The visit was short. Macron later met reporters.", "en")
    found = {m.text: m for m in ms}
    assert "Emmanuel Macron" in found and found["Emmanuel Macron"].kind == "person"
    assert "Samsung Electronics" in found and found["Samsung Electronics"].kind == "organisation"
    assert found["Seoul"].kind == "place"
    assert "The" not in found and "Monday" not in found
    assert found["Macron"].full == "Emmanuel Macron"  # family name -> the full name in the same document


def test_english_acronym_in_brackets_is_the_same_name() -> None:
    ms = _mentions("Taiwan Semiconductor Manufacturing Co.'s (TSMC) plant opened.", "en")
    full = next(m for m in ms if m.text.startswith("Taiwan Semiconductor"))
    assert full.paren == "TSMC" and not full.text.endswith("'s")


def test_korean_proper_nouns_titles_and_quotes() -> None:
    ms = _mentions("에마뉘엘 마크롱 대통령은 15일 삼성전자 평택캠퍼스를 방문했다. "
                   "오픈AI는 '보이스 엔진'을 공개했다.", "ko")
    texts = {m.text: m.kind for m in ms}
    assert texts.get("에마뉘엘 마크롱") == "person"
    assert "삼성전자" in texts and texts["삼성전자"] == "organisation"
    assert "오픈AI" in texts and "보이스 엔진" in texts


def test_chinese_names_and_name_before_its_latin_form() -> None:
    ms = _mentions("法国总统马克龙访问了三星电子。台积电（TSMC）在日本熊本的第二晶圆厂预定启用。", "zh")
    texts = {m.text: m for m in ms}
    assert "三星电子" in texts
    assert texts["台积电"].paren == "TSMC"
    assert "日本" in texts and texts["日本"].kind == "place"


def test_japanese_proper_nouns_katakana_and_brackets() -> None:
    ms = _mentions("岸田文雄首相は東京でマクロン大統領と会談した。"
                   "宇宙航空研究開発機構(JAXA)は「SLIM」を公開した。", "ja")
    texts = {m.text: m for m in ms}
    assert texts["岸田文雄"].kind == "person"
    assert "マクロン" in texts and texts["マクロン"].kind == "person"
    assert texts["宇宙航空研究開発機構"].paren == "JAXA"
    assert "SLIM" in texts


# ---------------------------------------------------------------- linking


def _rows(docs: list[tuple[str, str, str]]) -> pd.DataFrame:
    rows = []
    for doc_id, lang, text in docs:
        sents = split_sentences(text, lang)
        for r in mention_rows(find_mentions(sents, lang), sents, lang):
            rows.append({"doc_id": doc_id, "path": f"{doc_id}.txt", "language": lang, **r})
    return pd.DataFrame(rows)


FOUR = [("a", "en", "President Emmanuel Macron visited Samsung Electronics on Monday."),
        ("b", "ko", "마크롱 대통령은 삼성전자를 방문했다."),
        ("c", "ja", "マクロン大統領はサムスン電子を訪問した。"),
        ("d", "zh", "法国总统马克龙15日访问了三星电子。")]


def test_one_person_across_four_scripts_with_reasons() -> None:
    linked = link(_rows(FOUR))
    e = linked.entities
    macron = e[e["aliases"].str.contains("마크롱")]
    assert len(macron) == 1
    row = macron.iloc[0]
    assert {"en", "ko", "ja", "zh"} <= set(row["languages"].split("; "))
    assert "transliteration" in row["merge_reasons"]
    assert row["kind"] == "person"


def test_a_short_name_is_not_merged_on_sound_alone_but_a_story_file_merges_it() -> None:
    docs = [("a", "en", "OpenAI showed Sora to studios."), ("b", "ko", "오픈AI는 '소라'를 공개했다.")]
    plain = link(_rows(docs)).entities
    assert not plain["aliases"].str.contains("소라").any() or \
        not plain[plain["aliases"].str.contains("소라")]["aliases"].str.contains("Sora").any()
    story = Story(topics=(StoryTopic("Sora", ("소라",)),))
    curated = link(_rows(docs), story).entities
    sora = curated[curated["name"] == "Sora"].iloc[0]
    assert "소라" in sora["aliases"] and "story file" in sora["merge_reasons"] and sora["is_topic"]


def test_story_file_hides_and_splits() -> None:
    story = parse_story({"hide": [{"names": ["Samsung Electronics"]}], "split": [{"name": "마크롱"}]})
    linked = link(_rows(FOUR), story)
    e = linked.entities
    hidden = e[e["aliases"].str.contains("Samsung Electronics")]
    assert set(hidden["entity_id"]) <= linked.hidden and not hidden["is_topic"].any()
    ko = e[e["aliases"].str.contains("마크롱")]
    assert len(ko) == 1 and "Macron" not in ko.iloc[0]["aliases"]


# ---------------------------------------------------------------- predicates and milestones


@pytest.mark.parametrize("text,lang,label", [
    ("OpenAI unveiled Sora on Thursday.", "en", "unveil"),
    ("TSMC will open its plant in February.", "en", "open"),
    ("오는 24일 준공식을 앞두고 있다.", "ko", "complete"),
    ("预定于2027年12月启用。", "zh", "open"),
    ("2022年4月に着工した。", "ja", "begin"),
])
def test_event_predicates_are_data_per_language(text: str, lang: str, label: str) -> None:
    assert label in [p[2] for p in find_predicates(text, lang)]


def _doc(doc_id: str, lang: str, text: str, published: dt.date) -> Document:
    return Document(doc_id=doc_id, path=f"{doc_id}.txt", text=text, language=lang, published=published,
                    source=doc_id)


def test_background_mention_is_not_what_the_date_is_about() -> None:
    t = build_tables([_doc("x", "en", "The maker of ChatGPT unveiled Sora on 15 February 2024.", dt.date(2024, 2, 20)),
                      _doc("y", "en", "Sora was shown by the maker of ChatGPT.", dt.date(2024, 2, 21))])
    ev = t.events
    assert list(ev["topic"]) == ["Sora"] and list(ev["date"]) == ["2024-02-15"] and list(ev["predicate"]) == ["unveil"]


def test_different_happenings_of_one_topic_stay_apart() -> None:
    docs = [_doc("a", "en", "Acme unveiled the Widget X1 on March 5, 2024. Acme plans to release the Widget X1 in "
                            "the third quarter of 2024.", dt.date(2024, 3, 6)),
            _doc("b", "en", "Acme cut the price of the Widget X1 on December 2, 2024.", dt.date(2024, 12, 3)),
            _doc("c", "en", "Acme unveiled the Widget X1 on March 5, 2024.", dt.date(2024, 3, 7))]
    t = build_tables(docs)
    ms = t.milestones[t.milestones["topic"] == "Widget X1"]
    assert len(ms) == 3, ms[["date", "predicate", "n_sources"]]
    unveil = ms[ms["predicate"] == "unveil"].iloc[0]
    assert unveil["n_sources"] == 2 and unveil["date"] == "2024-03-05"
    assert set(ms["predicate"]) >= {"unveil", "cut price"}


def test_same_day_different_predicates_are_two_milestones() -> None:
    ev = pd.DataFrame([
        {"doc_id": "a", "path": "a", "source": "a", "published": "2024-03-01", "topic": "X", "date": "2024-03-01",
         "date_precision": "day", "kind": "past", "tz_note": "", "sentence": "s1", "predicate": "unveil"},
        {"doc_id": "b", "path": "b", "source": "b", "published": "2024-03-01", "topic": "X", "date": "2024-03-01",
         "date_precision": "day", "kind": "past", "tz_note": "", "sentence": "s2", "predicate": "cut price"},
        {"doc_id": "c", "path": "c", "source": "c", "published": "2024-03-01", "topic": "X", "date": "2024-03-01",
         "date_precision": "day", "kind": "past", "tz_note": "", "sentence": "s3", "predicate": "announce"},
    ])
    merged = merge_milestones(ev)
    assert len(merged) == 2 and sorted(merged["n_sources"]) == [1, 2]


def test_story_edit_applies_without_re_enrichment() -> None:
    docs = [_doc("a", "en", "Acme unveiled the Widget X1 on March 5, 2024.", dt.date(2024, 3, 6)),
            _doc("b", "en", "Acme showed the Widget X1 again.", dt.date(2024, 3, 7))]
    t = build_tables(docs)
    renamed = story_pass(t, parse_story({"topic": [{"name": "The Widget", "aliases": ["Widget X1"]}]}))
    assert list(renamed.events["topic"]) == ["The Widget"]
    assert "The Widget" in set(renamed.documents["topics"].str.split("; ").explode())
    assert len(renamed.mentions) >= len(t.mentions)  # mentions come from the cache; only the pass re-ran
    again = story_pass(renamed, parse_story({"topic": [{"name": "The Widget", "aliases": ["Widget X1"]}]}))
    assert again.events["topic"].tolist() == renamed.events["topic"].tolist()  # the pass is idempotent


def test_dev_story_gold_in_sample() -> None:
    """TSMC Kumamoto (17 real excerpts, 57 dated milestones): the rules were tuned on it, so this only guards
    against regressions; the blind story is reported in bench/ENTITIES.md, not tested."""
    from bench.entities_eval import build, evaluate, load_gold

    gold = load_gold("tsmc_kumamoto")
    res = evaluate(gold, build(gold))["total"]
    assert res["placed"] / res["gold"] >= 0.9, res
    assert res["labelled"] / res["gold"] >= 0.65, res
    assert res["events_matched"] / res["events"] >= 0.9, res


def test_cli_writes_entities_and_mentions_with_the_corpus_story(tmp_path) -> None:
    import csv

    from analysis.cli import run
    from tests.conftest import CORPUS

    assert run(CORPUS, tmp_path, progress=False, workers=1, cache=False) == 0
    with open(tmp_path / "entities.csv", encoding="utf-8") as fh:
        ents = list(csv.DictReader(fh))
    with open(tmp_path / "mentions.csv", encoding="utf-8") as fh:
        rows = csv.DictReader(fh)
        assert rows.fieldnames[:7] == ["doc_id", "path", "sentence_idx", "entity_id", "text", "start", "end"]
        mentions = list(rows)
    assert list(ents[0])[:8] == ["entity_id", "name", "kind", "aliases", "n_mentions", "n_documents", "languages",
                                 "merge_reasons"]
    topics = {e["name"] for e in ents if e["is_topic"] == "True"}
    assert {"Sora", "Voice Engine", "Stargate"} <= topics  # discovered, curated only by data/corpus/story.toml
    assert {m["entity_id"] for m in mentions} <= {e["entity_id"] for e in ents}
    with open(tmp_path / "events.csv", encoding="utf-8") as fh:
        events = list(csv.DictReader(fh))
    assert {"Sora", "Voice Engine", "Stargate"} <= {e["topic"] for e in events}
    assert all(e["predicate"] for e in events)


def test_story_edits_round_trip_and_apply() -> None:
    import tomllib

    from analysis.entities import dump_story, story_add_alias, story_hide, story_merge, story_rename, story_split

    data = story_rename({}, "Widget X1", "The Widget")
    data = story_add_alias(data, "The Widget", "위젯")
    data = story_merge(data, ["Acme", "아크미"])
    data = story_split(data, "위젯")
    data = story_hide(data, 'Evil "quoted" = name')
    text = dump_story(data)
    back = tomllib.loads(text)
    assert back == data
    story = parse_story(back)
    assert story.topics[0].name == "The Widget" and "Widget X1" in story.topics[0].aliases
    assert "위젯" not in story.topics[0].aliases and story.splits == ("위젯",)
    assert story.merges == (("Acme", "아크미"),) and story.hidden == ('Evil "quoted" = name',)


# ---------------------------------------------------------------- events named by common nouns, series names
# Real sentences of stored news pages (the summit and lunar-probe gold stories, tests/gold/).


def _found(text: str, lang: str) -> list[tuple[str, str, str]]:
    sents = split_sentences(text, lang)
    return [(r["text"], r["kind"], r["key"]) for r in mention_rows(find_mentions(sents, lang), sents, lang)]


@pytest.mark.parametrize("lang,text,name", [
    ("en", "Expectations are low for Monday’s trilateral summit, but even handshakes would help.", "trilateral summit"),
    ("ko", "윤석열 대통령은 27일 서울에서 제9차 한일중 정상회의를 갖는다.", "한일중 정상회의"),
    ("zh", "中國國務院總理李強將於5月26日至27日赴韓國首爾出席第九次中日韓領導人會議。", "中日韓領導人會議"),
    ("ja", "約4年半ぶりとなる日中韓首脳会談(サミット)が27日午前、ソウルで開かれた。", "日中韓首脳会談"),
])
def test_an_event_named_by_a_common_noun_is_found(lang: str, text: str, name: str) -> None:
    found = _found(text, lang)
    assert (name, "event") in [(t, k) for t, k, _ in found], found


def test_event_phrases_link_when_the_modifier_is_the_same_in_any_order() -> None:
    keys = {key for lang, text in [("ko", "한중일 정상회의가 열렸다."), ("ko", "제9차 한일중 정상회의를 갖는다."),
                                   ("zh", "出席第九次中日韩领导人会议。"), ("ja", "日中韓首脳会談が開かれた。")]
            for t, kind, key in _found(text, lang) if kind == "event"}
    assert len(keys) == 2, keys  # Korean spellings are one key, Chinese and Japanese another
    assert not any(k == "event:summit:中日韩" for k in {k for _, _, k in _found("中日韩外长会时隔4年多", "zh")})


@pytest.mark.parametrize("lang,text,name", [
    ("zh", "今天,嫦娥六号返回器准确着陆于内蒙古四子王旗预定区域。", "嫦娥六号"),
    ("ja", "中国の月探査機「嫦娥6号」の帰還機が25日午後2時7分に着地した。", "嫦娥6号"),
    ("ko", "중국 달 탐사선 ‘창어(嫦娥) 6호’가 세계 최초로 달 뒷면에서 채취한 샘플을 싣고 착륙했다.", "창어(嫦娥) 6호"),
])
def test_a_name_with_a_serial_number_is_one_product(lang: str, text: str, name: str) -> None:
    assert (name, "product") in [(t, k) for t, k, _ in _found(text, lang)]


def test_serial_numbers_in_words_and_digits_share_a_key() -> None:
    assert exact_key("嫦娥六号", "zh") == exact_key("嫦娥6号", "ja")


@pytest.mark.parametrize("lang,text,junk", [
    ("ko", "지난 25일 오후 2시 7분(한국시간 오후 3시 7분) 착륙했다.", "한국시간"),
    ("ja", "月の裏側で採取した試料(サンプル)を積んだ帰還機が着地した。", "サンプル"),
    ("en", "South Korean President Yoon Suk-yeol met the leaders of China and Japan.", "South Korean"),
    ("en", "The leaders of China and Japan touched down in Seoul on May 26.", "China and Japan"),
])
def test_words_that_are_not_names_are_not_entities(lang: str, text: str, junk: str) -> None:
    assert junk not in [t for t, _, _ in _found(text, lang)]


def test_corpus_story_file_rename_wins_over_people_toml() -> None:
    m = pd.DataFrame([{"doc_id": "d", "path": "d.txt", "sentence_idx": 0, "text": "Jane Roe", "start": 0, "end": 8,
                       "kind": "person", "key": exact_key("Jane Roe"), "language": "en"}])
    story = Story(topics=(StoryTopic("Chair Roe", ("Jane Roe",), "person"),),  # the corpus's story file
                  people=(StoryTopic("Jane Roe", (), "person"),))  # data/people.toml
    assert link(m, story).entities["name"].tolist() == ["Chair Roe"]


def test_entity_counts_for_the_pages() -> None:
    from analysis.entities import entity_counts, entity_counts_line
    ents = pd.DataFrame({"name": ["a", "b", "c"], "curated": [True, False, False]})
    assert entity_counts(ents) == (2, 1)
    assert entity_counts_line(ents).startswith("2 entities discovered")
    assert entity_counts(None) == (0, 0)


# ---------------------------------------------------------------- issue #13: classes found on blind rounds 1-2
# (real sentences of the dev golds tests/gold/blind_eval and blind_eval2; bench/ENTITIES.md has the numbers)

ZH_DISPATCH = "新华社华盛顿3月14日电(记者熊茂伶)美国总统拜登14日表示,反对日本制铁公司收购美国钢铁公司。"


def test_chinese_company_names_end_in_their_legal_form_and_are_found_without_it() -> None:
    text = ZH_DISPATCH + "综合外媒报道,川普13日发布行政命令,批准日本制铁收购美国钢铁,川普强调,这次合作是“历史性的”。"
    found = _found(text, "zh")
    orgs = {t: key for t, kind, key in found if kind == "organisation"}
    assert {"日本制铁公司", "美国钢铁公司"} <= set(orgs), found
    bare = {t: key for t, _, key in found if t in ("日本制铁", "美国钢铁")}
    assert bare == {"日本制铁": orgs["日本制铁公司"], "美国钢铁": orgs["美国钢铁公司"]}  # one key with and without 公司
    assert "历史性的" not in {t for t, _, _ in found}  # a quoted adjective phrase is not a name


def test_names_in_a_dateline_are_sources_and_never_topics() -> None:
    ms = _mentions(ZH_DISPATCH, "zh")
    assert "dateline" in next(m for m in ms if m.text == "新华社").basis
    docs = [(f"d{i}", "zh", ZH_DISPATCH) for i in range(3)]
    ents = link(_rows(docs)).entities.set_index("name")
    assert not ents.loc["新华社", "is_topic"] and ents.loc["日本制铁公司", "is_topic"]


@pytest.mark.parametrize("lang,text,junk", [
    ("ja", "日本製鉄が訴訟を起こしても中止命令を覆すことは「非常に困難だ」との見方を示した。", "非常に困難だ"),
    ("en", "Trump called it a 'partnership' between the two companies.", "partnership"),
])
def test_quoted_clauses_and_lower_case_words_are_not_names(lang: str, text: str, junk: str) -> None:
    assert junk not in [t for t, _, _ in _found(text, lang)]


def test_japanese_dictionary_words_before_a_title_and_latin_glued_to_katakana_are_names() -> None:
    found = {t: kind for t, kind, _ in _found(
        "先週13日にトランプ大統領の承認を得た。これに対し日本製鉄とUSスチールは連名で声明を発表。", "ja")}
    assert found.get("トランプ") == "person"  # unidic: a common noun (playing cards)
    assert found.get("日本製鉄") == "organisation" and "USスチール" in found


def test_english_possessive_splits_two_names() -> None:
    found = [t for t, _, _ in _found("China's Chang'e-6 probe landed on the far side of the moon.", "en")]
    assert "Chang'e-6" in found and not any(t.startswith("China's") for t in found)


def test_family_name_alone_links_to_the_only_full_name_in_the_corpus() -> None:
    docs = [("a", "ko", "[워싱턴=AP/뉴시스] 강영진 기자 = 도널드 트럼프 미 대통령이 13일 행정명령에 서명했다."),
            ("b", "ko", "트럼프는 이 거래를 승인했다.")]
    ents = link(_rows(docs)).entities
    row = ents[ents["aliases"].str.contains("트럼프 \\(ko\\)")]
    assert len(row) == 1 and "도널드 트럼프" in row.iloc[0]["aliases"], ents[["name", "aliases"]]
    assert "the only full name" in row.iloc[0]["merge_reasons"]
    assert "트럼프 미" not in set(ents["name"])  # a one-syllable country word is not a given name
    two = docs + [("c", "ko", "메리 트럼프 박사는 책을 냈다.")]  # two people named 트럼프: no merge
    ents2 = link(_rows(two)).entities
    assert not ents2["merge_reasons"].str.contains("the only full name").any()


def test_numbered_names_link_across_scripts_only_with_the_same_number() -> None:
    docs = [("a", "en", "China's Chang'e-6 probe landed on the far side of the moon."),
            ("b", "ko", "중국 달 탐사선 ‘창어(嫦娥) 6호’가 달 뒷면에서 채취한 샘플을 싣고 착륙했다."),
            ("c", "ko", "중국은 2020년 창어 5호로 달 앞면 샘플을 가져왔다.")]
    ents = link(_rows(docs)).entities
    six = ents[ents["aliases"].str.contains("Chang'e-6")].iloc[0]
    assert "창어(嫦娥) 6호" in six["aliases"] and "transliteration" in six["merge_reasons"]
    assert "창어 5호" not in six["aliases"]


def test_half_latin_spellings_link_to_the_latin_name() -> None:
    docs = [("a", "en", "OpenAI unveiled ChatGPT in November."),
            ("b", "ko", "오픈AI는 챗GPT를 공개했다."),
            ("c", "ko", "[워싱턴=AP/뉴시스] 도널드 트럼프 미 대통령이 13일 일본 제철의 US스틸 인수를 승인했다."),
            ("d", "en", "Nippon Steel completed its purchase of U.S. Steel.")]
    ents = link(_rows(docs)).entities.set_index("name")
    assert "오픈AI (ko)" in ents.loc["OpenAI", "aliases"] and "mixed spelling" in ents.loc["OpenAI", "merge_reasons"]
    assert "챗GPT (ko)" in ents.loc["ChatGPT", "aliases"]
    assert "US스틸 (ko)" in ents.loc["U.S. Steel", "aliases"]


def test_a_cited_source_is_not_a_topic() -> None:
    text = "据新华社报道,嫦娥六号返回器准确着陆于内蒙古四子王旗预定区域。"
    ms = _mentions(text, "zh")
    assert "cited" in next(m for m in ms if m.text == "新华社").basis
    ents = link(_rows([("a", "zh", text), ("b", "zh", text)])).entities.set_index("name")
    assert not ents.loc["新华社", "is_topic"] and ents.loc["嫦娥六号", "is_topic"]


def test_entity_scorer_reads_the_cli_tables(tmp_path) -> None:
    """bench/entities_score.py on a two-document output: whole-word Latin spellings, a split and a wrong merge."""
    import csv

    from bench.entities_score import gold_groups, score

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Nippon Steel bought U.S. Steel in Europe.", encoding="utf-8")
    (corpus / "b.txt").write_text("日本製鉄はUSスチールを買収した。", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()

    def write(name: str, rows: list[dict]) -> None:
        with open(out / name, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)

    write("documents.csv", [{"doc_id": "a", "path": "a.txt", "language": "en"},
                            {"doc_id": "b", "path": "b.txt", "language": "ja"}])
    write("mentions.csv", [{"doc_id": "a", "entity_id": "n", "text": "Nippon Steel"},
                           {"doc_id": "b", "entity_id": "n2", "text": "日本製鉄"},
                           {"doc_id": "b", "entity_id": "n2", "text": "USスチール"}])
    write("entities.csv", [{"entity_id": "n", "name": "Nippon Steel", "aliases": "Nippon Steel (en)",
                            "is_topic": "True"},
                           {"entity_id": "n2", "name": "日本製鉄", "aliases": "日本製鉄 (ja)", "is_topic": "False"}])
    gold = {"organisations": {"Nippon Steel": ["日本製鉄"], "U.S. Steel": ["USスチール"], "EU": ["EU"],
                              "both": ["Nippon Steel", "U.S. Steel"]}}
    assert set(gold_groups(gold)[0]) == {"Nippon Steel", "U.S. Steel", "EU"}  # "both" is a composite
    res = score(out, gold, corpus)
    assert res["recall"] == {"en": "1/2", "ja": "2/2"}  # "EU" is not in "Europe"; U.S. Steel missed in English
    assert res["split"] == {"Nippon Steel": 2} and res["wrong_merges"] == ["日本製鉄: Nippon Steel + U.S. Steel"]
    assert res["topics_gold"] == "1/1"


# ---------------------------------------------------------------- product names, glosses, nationality words


def test_a_name_with_a_demonym_like_ending_is_a_name_and_listed_demonyms_are_not() -> None:
    # en_2 of tests/gold/blind_eval3 (AP): "Leqembi" ends like "Israeli" but is a drug's name
    found = [t for t, _, _ in _found("Japan's Prime Minister Fumio Kishida, who announced Japan's approval of Leqembi "
                                     "on Monday, called it a breakthrough.", "en")]
    assert "Leqembi" in found and "Fumio Kishida" in found
    # arabnews.pk/node/1885176: nationality adjectives of the pack's list stay out
    found = [t for t, _, _ in _found("The Pakistani foreign office and senior officials, including the national "
                                     "security adviser, have denied reports in Israeli media that Pakistani officials "
                                     "recently visited Israel or met with Israeli officials, reiterating that Pakistan "
                                     "would continue to stand for the right of Palestinians to a two-state solution.",
                                     "en")]
    assert not {"Pakistani", "Israeli", "Palestinians"} & set(found), found
    assert "Israel" in found and "Pakistan" in found


# ko_3, ja_4, zh_3 and zh_2 of tests/gold/blind_eval3: a brand given with its generic name in a glossed bracket
GLOSSED = [("k", "ko", "서울아산병원이 초기 알츠하이머병 신약인 ‘레켐비’(성분명 레카네맙)를 "
                       "16일부터 처방하기 시작했다고 19일 밝혔다."),
           ("j", "ja", "中央社会保険医療協議会(中医協)総会は12月13日、エーザイの"
                       "アルツハイマー病治療薬「レケンビ点滴静注」(一般名・レカネマブ)の薬価を了承した。"
                       "レケンビは早期アルツハイマー病の治療薬だ。"),
           ("t", "zh", "台中光田綜合醫院神經內科今年9月成功完成院內首例阿茲海默症新藥 「樂意保」（Lecanemab）施打。"),
           ("s", "zh", "据国内媒体报道,今年1月,中国国家药监局(NMPA)批准了由日本制药公司卫材和美国渤健共同研发的新药"
                       "“仑卡奈单抗注射液”(商品名:乐意保/Leqembi),适应证为用于治疗由阿尔茨海默病引起的轻度认知障碍。")]


def test_a_glossed_bracket_gives_the_other_name_of_the_thing_before_it() -> None:
    ko = {m.text: m.paren for m in _mentions(GLOSSED[0][2], "ko")}
    assert ko.get("레켐비") == "레카네맙"
    ja = {m.text: m.paren for m in _mentions(GLOSSED[1][2], "ja")}
    assert ja.get("レケンビ点滴静注") == "レカネマブ"
    zh = {m.text: m.paren for m in _mentions(GLOSSED[3][2], "zh")}
    assert zh.get("仑卡奈单抗注射液") == "Leqembi"  # the part in another script of "乐意保/Leqembi"
    # without a gloss word a same-script bracket is no other name ("(한국시간 오후 3시 7분)")
    plain = _mentions("지난 25일 오후 2시 7분(한국시간 오후 3시 7분) 착륙했다.", "ko")
    assert not any(m.paren for m in plain)


def test_a_quoted_chinese_term_given_with_its_latin_name_is_a_name_and_links_to_it() -> None:
    zh = {m.text: m.paren for m in _mentions(GLOSSED[2][2], "zh")}
    assert zh.get("樂意保") == "Lecanemab"


def test_brand_and_generic_names_are_one_entity_across_scripts_with_reasons() -> None:
    e = link(_rows(GLOSSED)).entities
    drug = e[e["aliases"].str.contains("레켐비")]
    assert len(drug) == 1
    aliases = drug.iloc[0]["aliases"]
    assert "레카네맙" in aliases and "レケンビ" in aliases and "レカネマブ" in aliases
    assert "written together: 레켐비(레카네맙)" in drug.iloc[0]["merge_reasons"]
    # the hospital and the council stay apart from the drug
    assert not drug.iloc[0]["aliases"].count("서울아산병원") and "中医協" not in aliases


def test_one_place_reading_among_many_name_readings_does_not_make_a_place() -> None:
    assert _kind(Counter({"name": 90, "place": 1})) == "name"  # one '레켐비주' of 91 drug mentions
    assert _kind(Counter({"name": 13, "place": 2})) == "place"  # "U.S": 2 of 15 read as a place
    assert _kind(Counter({"name": 5, "person": 1})) == "person"  # other kinds as before: one title is enough


def _sentence_rows(docs: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame([{"doc_id": d, "path": f"{d}.txt", "idx": s.idx, "text": s.text, "start": s.start,
                          "language": lang} for d, lang, text in docs for s in split_sentences(text, lang)])


def test_a_chinese_name_marked_in_one_document_is_found_bare_in_another_in_either_script() -> None:
    # zh_3 marks the brand (quoted, with its Latin name); zh_4 (Traditional) and zh_1 (Simplified) of
    # tests/gold/blind_eval3 write it bare, where jieba does not find it
    docs = [GLOSSED[2],
            ("f", "zh", "侖卡奈單抗的中文商品名是樂意保,衛材將與中國本地大型藥品分銷企業合作,進行樂意保的推廣。"),
            ("g", "zh", "阿尔茨海默病新药仑卡奈单抗注射液(商品名:乐意保/Leqembi)在中国获批。")]
    linked = link(_rows(docs), Story(), _sentence_rows(docs))
    m = linked.mentions
    spread = m[m["basis"] == "same name in another document"]
    assert {("f", "樂意保"), ("g", "乐意保")} <= set(zip(spread["doc_id"], spread["text"], strict=True))
    brand = m[m["text"].isin(["樂意保", "乐意保"])]["entity_id"]
    assert brand.nunique() == 1 and (m[m["text"] == "Lecanemab"]["entity_id"] == brand.iloc[0]).all()
    # a Korean quoted common noun is not spread (only Chinese names are)
    ko = [("a", "ko", "도널드 트럼프 전 대통령은 이번 인수를 '파트너십'이라고 표현했다."),
          ("b", "ko", "두 회사의 파트너십은 오래 이어질 것이라고 밝혔다.")]
    km = link(_rows(ko), Story(), _sentence_rows(ko)).mentions
    assert not (km["basis"] == "same name in another document").any()
