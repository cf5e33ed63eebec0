#!/usr/bin/env python3
"""Derives the second year (令和７年度) of the dementia sample from inputs/dementia/2024.

Run from the repository root:
    python3 inputs/dementia/2025/derive-from-2024.py && shiryo fmt inputs/dementia/2025
The edits are listed in inputs/dementia/2025/README.md; each replacement must match exactly once.
"""
import pathlib, re, shutil

src, dst = pathlib.Path("inputs/dementia/2024"), pathlib.Path("inputs/dementia/2025")
for sub in ["units", "centres"]:
    shutil.rmtree(dst / sub, ignore_errors=True)
for f in [*src.glob("*.toml"), *src.glob("units/*.toml"), *src.glob("centres/*.toml")]:
    out = dst / f.relative_to(src)
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(f, out)

def edit(rel, old, new):
    p = dst / rel
    text = p.read_text(encoding="utf-8")
    assert text.count(old) == 1, (rel, old, text.count(old))
    p.write_text(text.replace(old, new), encoding="utf-8")

def append(rel, text):
    with open(dst / rel, "a", encoding="utf-8") as f:
        f.write(text)

# The year: 令和７年度, meeting and form dates a year on.
edit("packet.toml", "fiscal_year = 2024", "fiscal_year = 2025")
edit("packet.toml", 'date = "2025-02-18"', 'date = "2026-02-17"')
edit("packet.toml", 'deadline = "2025-01-10"', 'deadline = "2026-01-09"')
sched = dst / "schedule.toml"
text = sched.read_text(encoding="utf-8")
text = re.sub(r'"(2024|2025)-(\d\d)', lambda m: f'"{int(m.group(1)) + 1}-{m.group(2)}', text)
sched.write_text(text, encoding="utf-8")
edit("schedule.toml", "令和６年度の認知症施策", "令和７年度の認知症施策")
edit("schedule.toml", 'date = "2026-02-18"', 'date = "2026-02-17"')
edit("schedule.toml", "・認知症基本法の施行と県計画の策定方針について", "・県計画に基づく市町村計画の策定支援について")
edit("schedule.toml", 'label = "県計画（素案）の検討"', 'label = "市町村計画の策定支援"')
edit("schedule.toml", "・県計画（素案）について", "・市町村計画の策定状況について")
edit("programmes.toml",
     "認知症基本法（令和６年１月施行）に基づく県の認知症施策推進計画は、本会議での議論を踏まえて策定する。",
     "県の認知症施策推進計画（令和７年３月策定）に基づき、市町村計画の策定を支援する。")

# The survey: (ク) renamed (same key), (ケ) added (a new key).
edit("survey.toml", 'name = "チームオレンジの整備"', 'name = "チームオレンジ等による本人・家族の支援"')
survey = (dst / "survey.toml").read_text(encoding="utf-8")
item = '''
[[items]]
key = "municipal_plan"
mark = "（ケ）"
name = "市町村計画の策定"
guidance = "認知症基本法に基づく市町村認知症施策推進計画の策定の状況（策定の時期、本人・家族の参画等）"
'''
head, sep, tail = survey.partition("\n[[fields]]")
assert sep, "survey.toml has [[fields]]"
(dst / "survey.toml").write_text(head.rstrip("\n") + "\n" + item + sep + tail, encoding="utf-8")

# Every unit answers the new item (each file's items end before its [[pairs]]).
plans = {
    "生駒市": ["・令和７年度中に策定予定（介護保険事業計画と一体的に策定）。", "・本人ミーティングの参加者から意見を聴取。"],
    "平群町": ["・令和８年度の策定に向け検討中。"],
    "三郷町": ["―"],
    "五條市": ["・策定委員会を設置し、本人・家族の参画を得て検討中。"],
    "吉野町": ["―"],
    "大淀町": ["・令和８年度に策定予定。"],
}
for name, lines in plans.items():
    p = dst / "units" / f"{name}.toml"
    text = p.read_text(encoding="utf-8")
    head, sep, tail = text.partition("\n[[pairs]]")
    assert sep, name
    quoted = ", ".join(f'"{l}"' for l in lines)
    p.write_text(f'{head.rstrip()}\n\n[[items]]\nkey = "municipal_plan"\nlines = [{quoted}]\n{sep}{tail}', encoding="utf-8")

# Answers reworded a year later.
edit("units/生駒市.toml",
     '"・市内２圏域でチームオレンジを設置。",\n    "（残る圏域は令和７年度の設置に向け準備中）",',
     '"・市内３圏域でチームオレンジを設置。",')
edit("blocks.toml", "また、市内２圏域でチームオレンジを設置している。", "また、市内３圏域でチームオレンジを設置している。")
edit("units/三郷町.toml", "（金融機関、コンビニエンスストア等）", "（金融機関、コンビニエンスストア、配食事業者等）")
edit("units/大淀町.toml", "・認知症カフェを月２回開催。", "・認知症カフェを月３回開催。")
edit("centres/吉野・大淀認知症連携支援センター.toml",
     "・若年性認知症の相談窓口を設置。", "・若年性認知症の相談窓口を設置し、本人・家族の交流会を月１回開催。")

# A new 課題 and a rescheduled measure.
append("units/生駒市.toml", '\n[[pairs]]\nfirst = "意思決定支援の考え方が関係者に浸透していない"\nrows = [["意思決定支援ガイドラインの研修を関係者向けに実施", "令和７年度～"]]\n')
edit("units/三郷町.toml", '["もの忘れ相談の周知", "令和６年度"]', '["もの忘れ相談の周知", "令和７年度"]')
