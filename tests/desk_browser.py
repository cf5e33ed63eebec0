"""A clerk's session at `shiryo desk`, in Debian's chromium driven by Selenium.

Run by tests/desk.rs with the desk's address; fails (exit 1, with what it saw)
at the first thing that is not as a clerk would see it. Steps:
the board → three workbooks through the file picker → one .eml dropped on the
drop zone (a synthetic drop event carrying a DataTransfer) → the board
changed → 津市's findings → its send-back workbook downloaded → a CLI ingest
while the page is open reloads the board → the packet built and downloaded →
screenshots of the board and of a preview page.
"""

import argparse
import base64
import os
import subprocess
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


def parse():
    p = argparse.ArgumentParser()
    for a in ["url", "browser", "driver", "downloads", "shots", "eml", "shiryo", "year", "cli-folder"]:
        p.add_argument("--" + a, required=True)
    p.add_argument("--workbooks", nargs=3, required=True)
    return p.parse_args()


def browser(a):
    o = webdriver.ChromeOptions()
    o.binary_location = a.browser
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1800", "--lang=ja"]:
        o.add_argument(flag)
    o.add_experimental_option("prefs", {
        "download.default_directory": a.downloads,
        "download.prompt_for_download": False,
        "safebrowsing.enabled": False,
    })
    d = webdriver.Chrome(service=Service(executable_path=a.driver), options=o)
    d.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": a.downloads})
    return d


def state(d, unit):
    """The state cell of a unit's row on the board."""
    row = d.find_element(By.CSS_SELECTOR, f'tr[data-unit="{unit}"] td.state')
    return row.text.split(" ")[0].split("\n")[0]


def expect(what, got, want):
    if got != want:
        sys.exit(f"{what}: saw {got!r}, expected {want!r}")


def wait_file(folder, name, seconds=30):
    path = os.path.join(folder, name)
    end = time.time() + seconds
    while time.time() < end:
        if os.path.exists(path) and not os.path.exists(path + ".crdownload"):
            return path
        time.sleep(0.2)
    sys.exit(f"download {name} did not arrive in {folder}: {os.listdir(folder)}")


def results(d):
    """The result page: file → state."""
    WebDriverWait(d, 60).until(EC.presence_of_element_located((By.CSS_SELECTOR, "table.result")))
    rows = d.find_elements(By.CSS_SELECTOR, "table.result tbody tr")
    return {r.find_element(By.TAG_NAME, "th").text: r.find_elements(By.TAG_NAME, "td")[1].text.split("\n")[0] for r in rows}


def drop(d, path):
    """Drops a file on the drop zone as a browser does: a drop event carrying a DataTransfer."""
    data = base64.b64encode(open(path, "rb").read()).decode()
    d.execute_script(
        """
        const [b64, name] = arguments;
        const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], name, { type: "message/rfc822" }));
        const zone = document.getElementById("drop");
        zone.dispatchEvent(new DragEvent("dragover", { dataTransfer: dt, bubbles: true, cancelable: true }));
        zone.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
        """,
        data,
        os.path.basename(path),
    )


def main():
    a = parse()
    d = browser(a)
    try:
        session(d, a)
    finally:
        d.quit()


def session(d, a):
    d.get(a.url)
    WebDriverWait(d, 30).until(EC.presence_of_element_located((By.ID, "drop")))
    expect("津市 before", state(d, "津市"), "未提出")
    expect("language", d.find_element(By.TAG_NAME, "html").get_attribute("lang"), "ja")

    # Three workbooks through the file picker.
    d.find_element(By.ID, "files").send_keys("\n".join(a.workbooks))
    d.find_element(By.CSS_SELECTOR, "#upload button[type=submit]").click()
    got = results(d)
    expect("picked", got, {"津市.xlsx": "不受理", "桑名市.xlsx": "受理", "亀山市.xlsx": "受理"})
    d.find_element(By.ID, "back").click()

    # One mail dropped on the drop zone.
    WebDriverWait(d, 30).until(EC.presence_of_element_located((By.ID, "drop")))
    drop(d, a.eml)
    got = results(d)
    expect("dropped", got, {"鈴鹿市から.eml/鈴鹿市.xlsx": "受理"})
    d.find_element(By.ID, "back").click()

    # The board changed.
    WebDriverWait(d, 30).until(EC.presence_of_element_located((By.ID, "drop")))
    for unit, want in [("津市", "差し戻し中"), ("桑名市", "提出済"), ("亀山市", "提出済"), ("鈴鹿市", "提出済")]:
        expect(unit, state(d, unit), want)
    sender = d.find_element(By.CSS_SELECTOR, 'tr[data-unit="鈴鹿市"]').text
    if "choju@city.suzuka.example.jp" not in sender or "2018-11-13 09:30" not in sender:
        sys.exit(f"鈴鹿市's row lacks its sender or Japan-time receipt: {sender!r}")

    # 津市's findings, with sheet and cell.
    d.find_element(By.CSS_SELECTOR, 'tr[data-unit="津市"] th a').click()
    WebDriverWait(d, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "ul.findings")))
    findings = d.find_element(By.CSS_SELECTOR, "ul.findings").text
    if "取組状況" not in findings or "C7" not in findings or "⑤相談支援 が空欄です" not in findings:
        sys.exit(f"津市's findings: {findings!r}")
    # Its send-back workbook, downloaded.
    d.find_element(By.CSS_SELECTOR, "a.sb").click()
    wait_file(a.downloads, "差し戻し_津市.xlsx")
    d.get(a.url.split("?")[0])

    # A CLI ingest while the page is open: the board reloads by itself.
    WebDriverWait(d, 30).until(EC.presence_of_element_located((By.ID, "drop")))
    marker = d.execute_script("window.__before_reload = true; return document.body.dataset.stamp;")
    env = dict(os.environ, SHIRYO_NOW="2018-11-13T00:00:00Z")
    cli = subprocess.run([a.shiryo, "ingest", a.cli_folder, "--year", a.year], env=env, capture_output=True, text=True)
    if cli.returncode != 0:
        sys.exit(f"CLI ingest failed: {cli.stdout}{cli.stderr}")
    WebDriverWait(d, 30).until(lambda d: d.execute_script("return window.__before_reload === undefined && document.body.dataset.stamp !== arguments[0];", marker))
    expect("四日市市 after the CLI ingest", state(d, "四日市市"), "提出済")
    d.save_screenshot(os.path.join(a.shots, "board.png"))

    # The packet built, then downloaded.
    d.find_element(By.ID, "build").click()
    WebDriverWait(d, 120).until(EC.presence_of_element_located((By.ID, "download")))
    d.find_element(By.ID, "download").click()
    end = time.time() + 60
    while time.time() < end and not [f for f in os.listdir(a.downloads) if f.endswith(".pdf")]:
        time.sleep(0.2)

    # A preview page.
    d.get(a.url.split("?")[0] + "preview")
    img = WebDriverWait(d, 120).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#p4 img")))
    d.execute_script("arguments[0].scrollIntoView();", img)
    WebDriverWait(d, 120).until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0;", img))
    d.set_window_size(1400, 1100)
    d.execute_script("arguments[0].scrollIntoView();", img)
    d.save_screenshot(os.path.join(a.shots, "preview.png"))
    print("ok")


if __name__ == "__main__":
    main()
