"""The load benchmark's client (bench/load.py): how it reads Streamlit's messages and what it sends. No server."""

from __future__ import annotations

from streamlit.elements.widgets.multiselect import MultiSelectSerde
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Markdown_pb2 import Markdown

from analysis.filters import language_name
from bench.load import Rerun, RunReader, check_change, consistency, language_state, plan, rerun_message


def _element(**kw) -> ForwardMsg:
    msg = ForwardMsg()
    for kind, fill in kw.items():
        fill(getattr(msg.delta.new_element, kind))
    return msg


def _caption(body: str) -> ForwardMsg:
    def fill(m):
        m.body, m.element_type = body, Markdown.CAPTION
    return _element(markdown=fill)


def _multiselect(label: str, widget_id: str, options: list[str]) -> ForwardMsg:
    def fill(m):
        m.label, m.id = label, widget_id
        m.options[:] = options
    return _element(multiselect=fill)


def _finished(status: int) -> ForwardMsg:
    msg = ForwardMsg()
    msg.script_finished = status
    return msg


def test_reader_finds_the_language_filter_and_the_caption_and_settles_on_finish():
    r = RunReader()
    assert not r.feed(_multiselect("Source", "s1", ["KBS"]))
    assert not r.feed(_multiselect("Language", "w1", ["English", "Korean"]))
    assert not r.feed(_caption("Language: Korean. 3 of 5 articles."))
    page = ForwardMsg()
    page.page_info_changed.query_string = "lang=ko"
    assert not r.feed(page)
    assert r.feed(_finished(ForwardMsg.FINISHED_SUCCESSFULLY))
    assert r.language == ("w1", ("English", "Korean"))
    assert r.caption == (3, 5)
    assert r.query_string == "lang=ko"
    assert r.status == "FINISHED_SUCCESSFULLY" and r.errors == []


def test_reader_waits_past_a_run_cut_short_for_a_rerun():
    r = RunReader()
    assert not r.feed(_finished(ForwardMsg.FINISHED_EARLY_FOR_RERUN))
    assert r.status is None
    assert not r.feed(_caption("1,204 of 10,000 articles."))
    assert r.feed(_finished(ForwardMsg.FINISHED_SUCCESSFULLY))
    assert r.caption == (1204, 10000)


def test_reader_counts_exceptions_error_alerts_and_compile_errors_but_not_other_alerts():
    r = RunReader()

    def error(a):
        a.body, a.format = "Something went wrong", Alert.ERROR

    def info(a):
        a.body, a.format = "No articles match", Alert.INFO

    def exc(e):
        e.type, e.message = "KeyError", "'x'"

    r.feed(_element(alert=error))
    r.feed(_element(alert=info))
    r.feed(_element(exception=exc))
    assert r.feed(_finished(ForwardMsg.FINISHED_WITH_COMPILE_ERROR))
    assert r.errors == ["st.error: Something went wrong", "exception: KeyError: 'x'", "compile error"]


def test_the_sent_value_is_the_label_streamlit_maps_back_to_the_option():
    options = ["en", "ko", "zh"]
    labels = [language_name(o) for o in options]
    serde = MultiSelectSerde(options, formatted_options=labels,
                             formatted_option_to_option_index={x: i for i, x in enumerate(labels)},
                             format_func=language_name)
    state = language_state("w1", [labels[1]])
    assert serde.deserialize(list(state.string_array_value.data)) == ["ko"]
    msg = BackMsg.FromString(rerun_message("lang=ko", "h", [state]))
    assert msg.rerun_script.query_string == "lang=ko"
    assert msg.rerun_script.widget_states.widgets[0].string_array_value.data == [labels[1]]


def test_plan_alternates_languages_and_ends_cleared():
    assert plan(("A", "B", "C"), 5, 0) == [["A"], ["B"], ["C"], ["A"], []]
    assert plan(("A", "B", "C"), 3, 1) == [["B"], ["C"], []]
    assert plan(("A",), 4, 0) == [["A"], [], ["A"], []]
    assert plan((), 5, 0) == [] and plan(("A", "B"), 0, 0) == []


def test_a_change_must_change_the_page():
    first = (5, 5)
    assert check_change(["Korean"], (3, 5), first, 3) == []
    assert check_change([], (5, 5), first, 3) == []
    assert check_change(["Korean"], (5, 5), first, 3)  # a pick that did not narrow
    assert check_change([], (3, 5), first, 3)  # a clear that did not widen
    assert check_change(["Korean"], None, first, 3)
    assert check_change(["Korean"], (5, 5), first, 1) == []  # one language: the whole corpus


def test_sessions_must_agree_on_counts():
    same = [Rerun(0, "filter", 1.0, (), ("Korean",), (3, 5)), Rerun(1, "filter", 1.0, (), ("Korean",), (3, 5))]
    assert consistency(same) == []
    assert consistency([*same, Rerun(2, "filter", 1.0, (), ("Korean",), (2, 5))])


def test_server_log_tracebacks_are_summarised_without_machine_paths():
    from bench.load import ROOT, server_log_errors

    log = "\n".join([
        "2026-12-02 06:12:01.000 ERROR dashboard: page failed",
        "Traceback (most recent call last):",
        f'  File "{ROOT}/dashboard.py", line 47, in main',
        "    page.run()",
        f'  File "{ROOT}/pages/overview.py", line 12, in <module>',
        "    x = y",
        "NameError: name 'y' is not defined",
        "2026-12-02 06:12:02.000 INFO other line",
    ])
    (line,) = server_log_errors(log)
    assert line.startswith("NameError: name 'y' is not defined")
    assert "pages/overview.py" in line and str(ROOT) not in line
