"""Moodle XML import as Moodle reads it, and hostile or broken XML."""

from __future__ import annotations

import pytest

from exam_api.bank.formats import FormatError, import_text

MOODLE_XML = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<!-- question: 0  -->
  <question type="category"><category><text>$course$/top/complaints</text></category></question>
  <question type="multichoice">
    <name><text>Q2</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>What's between orange and green?</p>]]></text>
    </questiontext>
    <generalfeedback format="html"><text>Yellow.</text></generalfeedback>
    <defaultgrade>2.0000000</defaultgrade>
    <idnumber>complaints-050</idnumber>
    <single>true</single>
    <answer fraction="100" format="html">
      <text>yellow</text><feedback><text>right</text></feedback>
    </answer>
    <answer fraction="0" format="html"><text>red</text></answer>
    <tags><tag><text>colour</text></tag></tags>
  </question>
  <question type="truefalse">
    <name><text>TF</text></name>
    <questiontext format="moodle_auto_format"><text>天是蓝的。</text></questiontext>
    <answer fraction="0"><text>true</text></answer>
    <answer fraction="100"><text>false</text></answer>
  </question>
  <question type="numerical">
    <name><text>N</text></name>
    <questiontext><text>几次？</text></questiontext>
    <answer fraction="100"><text>2</text><tolerance>0</tolerance></answer>
    <units><unit><multiplier>1</multiplier><unit_name>次</unit_name></unit></units>
  </question>
  <question type="matching">
    <name><text>M</text></name>
    <questiontext><text>配对</text></questiontext>
    <subquestion><text>甲</text><answer><text>一</text></answer></subquestion>
    <subquestion><text>乙</text><answer><text>二</text></answer></subquestion>
    <subquestion><text></text><answer><text>三</text></answer></subquestion>
  </question>
  <question type="ordering">
    <name><text>O</text></name>
    <questiontext><text>排序</text></questiontext>
    <answer fraction="1"><text>先</text></answer>
    <answer fraction="2"><text>后</text></answer>
  </question>
  <question type="description">
    <name><text>D</text></name>
    <questiontext><text>说明</text></questiontext>
  </question>
  <question type="calculated">
    <name><text>C</text></name>
    <questiontext><text>{a} + {b}</text></questiontext>
  </question>
</quiz>
"""


def test_moodle_xml_types_keys_and_headers() -> None:
    questions, warnings = import_text(MOODLE_XML, "moodle-xml")
    assert [q.type for q in questions] == [
        "single_choice",
        "true_false",
        "numeric",
        "matching",
        "ordering",
    ]
    choice, tf, numeric, matching, ordering = questions
    assert (choice.id, choice.points, choice.area, choice.tags) == (
        "complaints-050",
        2.0,
        "complaints",
        ("colour",),
    )
    assert choice.stem == "<p>What's between orange and green?</p>"
    assert choice.explanation == "Yellow." and choice.key == "a"  # type: ignore[union-attr]
    assert tf.key is False  # type: ignore[union-attr]
    assert (numeric.key.value, numeric.unit) == (2.0, "次")  # type: ignore[union-attr]
    assert matching.key == {"p1": "a", "p2": "b"}  # type: ignore[union-attr]
    assert [o.text for o in matching.options] == ["一", "二", "三"]  # type: ignore[union-attr]
    assert ordering.key == ("a", "b")  # type: ignore[union-attr]
    assert tf.id == "moodle-003"  # position among the <question> elements
    assert any("description" in w for w in warnings)
    assert any("calculated" in w and "未导入" in w for w in warnings)
    assert any("「Q2」" in w and "答案反馈" in w for w in warnings)


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        ("<quiz><question type='essay'>", "第 1 行"),
        ("<notquiz/>", "<quiz>"),
        (
            '<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><quiz>&b;</quiz>',
            "实体",
        ),
        (
            '<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            "<quiz>&x;</quiz>",
            "实体",
        ),
        (
            "<quiz><question type='numerical'><name><text>N</text></name>"
            "<questiontext><text>q</text></questiontext>"
            "<answer fraction='abc'><text>1</text></answer></question></quiz>",
            "第 1 个 <question>「N」",
        ),
        (
            "<quiz><question type='essay'><questiontext><text>q</text></questiontext>"
            "</question></quiz>",
            "缺少 <name>",
        ),
    ],
)
def test_bad_xml_is_a_clear_error(xml: str, message: str) -> None:
    with pytest.raises(FormatError) as caught:
        import_text(xml, "moodle-xml")
    assert any(message in issue for issue in caught.value.issues), caught.value.issues
