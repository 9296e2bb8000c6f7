"""Publication dates of the session-4 figures batch (tests/gold/figures_real_s4*.csv) and of other stored pages
that show one (``search`` tool, corpus ``pages``; the page tops as the tool returned them). A page that shows no date
gets none (never an invented day); a page that shows one gets it from its address or its text."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.dates import infer_published
from analysis.metadata import complete_metadata
from analysis.records import Document

# (lang, address, top of the page, published or "" when the page shows none, a part of the basis)
BATCH = [
    ('en', 'https://teletradepartners.com/analytics/news/3505257',
     'The Consumer Price Index (CPI) rose 2.1% on a year-over-year basis in January, following a 1.5% gain in'
     ' December.\nExcluding gasoline, the CPI was up 1.5% year over year in January.',
     '', 'not found'),
    ('en', 'https://feww.wordpress.com/tag/indonesia-volcanoes/',
     'VOLCANIC HAZARDS\nMASS EVACUATIONS\n.\nVolcano alert urged 200,000 people to evacuate before eruption\n'
     'Ash and other volcanic matter ejected by the 1,730-meter Mt Kelud has covered a vast area.',
     '', 'not found'),
    ('en', 'https://flashscore.co.uk/news/football-premier-league-the-most-expensive-and-spectacular-transfers-this-summer/IoF0MolR',
     'The most expensive and spectacular transfers this summer\nKylian Mbappe\nPSG to Real Madrid - free transfer',
     '', 'not found'),
    ('ko', 'https://mapp.nocutnews.co.kr/news/6372498',
     '지난 19일 경남 산청군 한 마을에 산사태가 발생해 주택이 파손돼 있다. 독자 제공전국적으로 닷새간 이어진 '
     '집중호우로 20일 오전 11시 기준 전국에서 14명이 숨지고 12명이 실종됐다.',
     '', 'not found'),
    ('ko', 'https://m.ilyo.co.kr/?ac=article_view&entry_id=434590',
     '전날 호우특보 해제, 풍수해 위기경보 심각에서 주의로\n13일 중앙재난안전대책본부(중대본)에 따르면 이 중 '
     '경기에서 발생한 산사태가 104건으로 전체 3분의 2를 차지했고',
     '', 'not found'),
    ('ko', 'https://news.ikbc.co.kr/경제/article/view/kbc202312290017',
     '올해 소비자물가가 지난해 대비 3.6% 올랐습니다.\n소비자물가 상승률은 지난해 같은 달 대비 3.2% 상승하면서',
     '2023-12-29', 'url'),
    ('zh', 'http://cneb.gov.cn/2017/06/25/ARTI1498321307451721.shtml',
     '中新网四川茂县6月25日电(王鹏 贺劭清)记者24日晚从救援现场举行的新闻发布会上获悉,截至当晚23时,四川茂县山'
     '体垮塌已致118人失联',
     '2017-06-25', 'url'),
    ('zh', 'https://bowenpress.com/news/bowen_209798.html',
     '贵州水城山体滑坡遇难人数增至33人 18人仍失聯\n|【博闻社】7月23日21时20分许,贵州六盘水市水城县鸡场镇坪地'
     '村岔沟组发生特大山体滑坡灾害',
     '', 'not found'),
    ('zh', 'http://cnfdn.com.cn/nongyedongtai/1204_33850.html',
     '新华网北京12月2日电 (记者刘铮、王希)国家统计局2日发布报告,据初步统计,2011年全国粮食总产量达到57121万吨,'
     '比2010年增产2473万吨,增长4.5%。',
     '', 'not found'),
    ('ja', 'https://www.okinawatimes.co.jp/articles/-/373488',
     '観光庁は16日、2018年に日本を訪れた外国人旅行者の消費額は推計4兆5064億円(速報値)で、過去最高を更新したと'
     '発表した。',
     '', 'not found'),
    ('ja', 'http://web1.qoly.jp/2025/11/04/27g2vw6k-kgn-1?part=2',
     '3位:アレクサンデル・イサク\n退団したクラブ:ニューカッスル\n加入したクラブ:リヴァプール\n移籍金:1億4500'
     '万ユーロ(およそ257.65億円)',
     '2025-11-04', 'url'),
    ('ja', 'https://admin.senken.co.jp/posts/inbound-historical-record',
     '日本政府観光局(JNTO)は19日、15年の訪日外国人客数(推計値)が前年比47・1%増の1973万7000人になったと発表した。',
     '', 'not found'),
]

# other pages of the same searches whose top shows a date (a stamp line, a byline with a name, an address)
OTHERS = [
    ('ko', 'http://korean.people.com.cn/65106/65130/70075/15737495.html',
     '9월 전국 주민 소비가격지수 동기 대비 2.5% 상승\n전달 대비 0.2% 늘어나\n2018년 10월 17일 15:20【글자 크'
     '게\n복원 작게】【메모】【프린트】【창닫기】\n국가통계국이 16일 발표한 수치에 따르면',
     '2018-10-17', '2018년 10월 17일'),
    ('ko', 'https://khanarchive.khan.kr/entry/x',
     '연도별 소비자물가 상승률 추이\n\n오늘의 뉴스/통계뉴스\n\n연도별 소비자물가 상승률 추이\n\n알 수 없는 사'
     '용자 2021. 12. 21. 17:22\n\n연도별 소비자물가 상승률 추이\n\n19일 한국은행과 통계청에 따르면',
     '2021-12-21', '사용자 2021. 12. 21.'),
    ('ja', 'https://pre.recordchina.co.jp/newsinfo/amp?id=122629',
     '中国人の「爆買い訪日ツアー」衰えず、10月は前年の2倍に=1〜10月累計、史上初の400万人突破―日本政府観光局\n'
     '\n八牧浩行    2015年11月18日(水) 18時2分\n\n(1 / 2 枚)\n\n18日、10月の訪日外国人客数は',
     '2015-11-18', '2015年11月18日'),
    ('zh', 'http://theworldseeds.cn/index.php?p=37299',
     '统计局:今年夏粮增产474.8万吨\n发表日期:2014-07-17 12:55AM 阅览次数:\n国家统计局14日公布的全国夏粮生产数据显示',
     '2014-07-17', '2014-07-17'),
    ('en', 'https://japannews.yomiuri.co.jp/society/general-news/20250419-250075/',
     '2025 Expo Osaka: Visitors Flock to Popular Pavilions as Expo Marks 1 Week Since Opening\n16:52 JST, Apr'
     'il 19, 2025\nA week has passed since the kickoff of the 2025 Osaka-Kansai Expo last weekend',
     '2025-04-19', 'url'),
    ('en', 'https://www.nippon.com/en/news/yjj2025041300129/osaka-expo-kicks-off-for-184-day-run.html',
     'Newsfrom Japan\n\nBy Waka Ota and Sakurako Nakagawa\n\nOsaka, April 13 (Jiji Press)--The 2025 World Exp'
     'osition opened in the western Japan city of Osaka on Sunday',
     '2025-04-13', 'url'),
    ('zh', 'http://zglwb.com/a/zxll/2013/0219/1383.html',
     '人民视觉\n本报贵阳2月18日电 (记者汪志球)2月18日上午11时30分左右,贵州省凯里市龙场镇渔洞村岔河一200余米高'
     '的山体发生崩塌',
     '2013-02-19', 'url'),
]


@pytest.mark.parametrize("lang,url,text,want,basis", BATCH + OTHERS, ids=[r[1][:40] for r in BATCH + OTHERS])
def test_publication_dates_of_real_pages(lang: str, url: str, text: str, want: str, basis: str) -> None:
    got, how = infer_published(text, url, lang)
    assert got == (dt.date.fromisoformat(want) if want else None), how
    assert basis in how


def test_batch_shows_a_date_in_three_pages_and_all_three_are_found() -> None:
    shown = [r for r in BATCH if r[3]]
    assert len(shown) == 3 and all(infer_published(t, u, lg)[0] is not None for lg, u, t, _w, _b in shown)


def test_a_page_without_a_date_stays_undated_with_its_reason() -> None:
    lang, url, text, _want, _basis = BATCH[0]
    doc = complete_metadata(Document(doc_id="x", path="x.txt", text=text, url=url, language=lang))
    assert doc.published is None and doc.basis["published"].startswith("undated")
