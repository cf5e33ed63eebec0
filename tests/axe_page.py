"""axe-core on a page in Debian's headless chromium, driven by Selenium (tests/publish_html.rs).

Loads the page from its file, injects axe.min.js, runs the WCAG 2.0/2.1 A and AA
rules, prints every violation, saves a screenshot, and exits 1 when one is
serious or critical.
"""

import argparse
import json
import pathlib
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
  .then(r => done({violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map(n => ({target: n.target, summary: n.failureSummary}))})),
    passes: r.passes.length, incomplete: r.incomplete.map(v => v.id)}))
  .catch(e => done({error: String(e)}));
"""


def main():
    p = argparse.ArgumentParser()
    for a in ["browser", "driver", "axe", "page", "shot"]:
        p.add_argument("--" + a, required=True)
    a = p.parse_args()
    o = webdriver.ChromeOptions()
    o.binary_location = a.browser
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,2000", "--lang=ja"]:
        o.add_argument(flag)
    d = webdriver.Chrome(service=Service(executable_path=a.driver), options=o)
    try:
        d.set_script_timeout(120)
        d.get(pathlib.Path(a.page).resolve().as_uri())
        d.execute_script(pathlib.Path(a.axe).read_text(encoding="utf-8"))
        r = d.execute_async_script(RUN)
        d.save_screenshot(a.shot)
    finally:
        d.quit()
    if "error" in r:
        sys.exit("axe.run failed: " + r["error"])
    print(f"axe: {r['passes']} rules passed, incomplete: {r['incomplete']}")
    for v in r["violations"]:
        print(json.dumps(v, ensure_ascii=False, indent=1))
    bad = [v["id"] for v in r["violations"] if v["impact"] in ("serious", "critical")]
    if bad:
        sys.exit(f"serious or critical violations: {bad}")


main()
