"""A whole season at `shiryo desk`, from a fresh copy of the sample, in Debian's
chromium driven by Selenium. Run by tests/it/desk.rs, which checks what it leaves.

The new year with its request fields → the request's drafts downloaded (their
forms carry last year's answers) → eight answers dropped at once: workbooks, one
in a zip, mails with Outlook-style names; one rejected, two versions of one unit
→ the duplicate chosen and the two versions compared → reminders (the unit under
send-back gets its send-back) → the corrected answer → the packet built and
downloaded → the archive after its confirmation → the published data.

Every page's text is saved to --pages (NN-step.txt) for the shared pattern, and
screenshots to --shots. Exits 1 with what it saw at the first thing that is off.
"""

import argparse
import os
import sys
import time
import zipfile
from email.message import EmailMessage
from email.utils import formataddr

import openpyxl
from desk_browser import wait_file  # the one wait for a finished download (beside this script)
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

UNITS = ["桑名市", "木曽岬町", "いなべ市", "東員町", "四日市市", "菰野町", "亀山市", "津市"]


def parse():
    p = argparse.ArgumentParser()
    for a in ["url", "browser", "driver", "downloads", "shots", "pages", "work"]:
        p.add_argument("--" + a, required=True)
    return p.parse_args()


def browser(a):
    o = webdriver.ChromeOptions()
    o.binary_location = a.browser
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1800",
                 "--lang=ja", "--disable-background-networking"]:
        o.add_argument(flag)
    o.add_experimental_option("prefs", {"download.default_directory": a.downloads, "download.prompt_for_download": False})
    d = webdriver.Chrome(service=Service(executable_path=a.driver), options=o)
    d.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": a.downloads})
    return d


class Season:
    def __init__(self, d, a):
        self.d, self.a, self.n = d, a, 0

    def body_text(self):
        """The page's text; a page still being replaced after a click is read again."""
        for _ in range(100):
            try:
                return self.d.find_element(By.TAG_NAME, "body").text
            except StaleElementReferenceException:
                time.sleep(0.1)
        return self.d.find_element(By.TAG_NAME, "body").text

    def page(self, name, must=()):
        """Saves the page's text (and a screenshot); every phrase in `must` is on it."""
        WebDriverWait(self.d, 120).until(lambda d: d.execute_script("return document.readyState") == "complete")
        # A click's page may still be the one before: wait for what must be on it (a slow build under load).
        try:
            WebDriverWait(self.d, 120).until(lambda d: all(m in self.body_text() for m in must))
        except TimeoutException:
            pass
        self.n += 1
        text = self.body_text()
        with open(os.path.join(self.a.pages, f"{self.n:02}-{name}.txt"), "w", encoding="utf-8") as f:
            f.write(text)
        self.d.save_screenshot(os.path.join(self.a.shots, f"{self.n:02}-{name}.png"))
        for m in must:
            if m not in text:
                sys.exit(f"{name}: {m!r} not on the page:\n{text}")
        return text

    def click(self, css):
        WebDriverWait(self.d, 120).until(EC.element_to_be_clickable((By.CSS_SELECTOR, css))).click()

    def board(self):
        self.d.get(self.a.url.split("?")[0])
        WebDriverWait(self.d, 60).until(EC.presence_of_element_located((By.ID, "drop")))

    def download(self, name, seconds=60):
        return wait_file(self.a.downloads, name, seconds)

    def drafts(self, button, must, name):
        """A batch of mail drafts made from the board (request, reminders), downloaded as its zip."""
        self.board()
        self.click(button)
        self.page(button.removeprefix("#make-"), must)
        self.click("#download")
        return self.download(name)

    def fill(self, name, value):
        e = self.d.find_element(By.NAME, name)
        e.clear()
        e.send_keys(value)


def new_year(s):
    s.d.get(s.a.url)
    WebDriverWait(s.d, 60).until(EC.presence_of_element_located((By.ID, "create")))
    s.fill("folder", "2019")
    s.fill("date", "2019-12-11")
    s.fill("deadline", "2019-11-15")
    s.fill("number", "長介第２号")
    s.fill("request_date", "2019-10-01")
    s.click("#create")
    s.page("new-year", ["令和元年度の年度フォルダを作成しました", "年度を書き換えました", "令和元年度の在宅医療にかかる議論等の進め方"])


def request(s):
    return s.drafts("#make-request", ["様式には、今年度の回答がない提出単位の分は", "メールの下書き: "], "令和元年度_照会（依頼）.zip")


def forms_of(s, zip_path):
    """Each unit's form, taken from its request draft."""
    import email
    from email import policy
    out = {}
    with zipfile.ZipFile(zip_path) as z:
        for unit in UNITS:
            m = email.message_from_bytes(z.read(f"{unit}.eml"), policy=policy.default)
            for part in m.iter_attachments():
                if part.get_filename() == f"{unit}.xlsx":
                    path = os.path.join(s.a.work, f"form-{unit}.xlsx")
                    open(path, "wb").write(part.get_payload(decode=True))
                    out[unit] = path
    return out


def edited(src, dst, cell, value):
    wb = openpyxl.load_workbook(src)
    wb["取組状況"][cell] = value
    wb.save(dst)
    return dst


def mail(path, workbook, sender, date, subject):
    m = EmailMessage()
    m["From"], m["To"], m["Subject"], m["Date"] = sender, "choju@pref.mie.example.jp", subject, date
    m.set_content("回答を送ります。")
    m.add_attachment(open(workbook, "rb").read(), maintype="application",
                     subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename=os.path.basename(workbook).replace("form-", ""))
    open(path, "wb").write(bytes(m))
    return path


def answers(s, forms):
    """Eight answers: five workbooks, one zipped, two mails (one rejected), and a second version of 四日市市."""
    up = os.path.join(s.a.work, "up")
    os.makedirs(up, exist_ok=True)
    files = []
    for unit in ["桑名市", "木曽岬町", "いなべ市", "東員町", "四日市市"]:
        dst = os.path.join(up, f"{unit}.xlsx")
        open(dst, "wb").write(open(forms[unit], "rb").read())
        files.append(dst)
    files.append(edited(forms["四日市市"], os.path.join(up, "四日市市_修正.xlsx"), "C8", "・訂正した取組。"))
    z = os.path.join(up, "回答.zip")
    with zipfile.ZipFile(z, "w") as w:
        w.write(forms["菰野町"], "菰野町.xlsx")
    files.append(z)
    subject = "RE: 【照会】令和元年度 在宅医療・介護連携の取組状況について（亀山市）"
    files.append(mail(os.path.join(up, "RE_ 【照会】令和元年度 在宅医療・介護連携の取組状況について（亀山市）.eml"),
                      forms["亀山市"], formataddr(("亀山 花子", "hanako@city.kameyama.example.jp")), "Mon, 18 Nov 2019 09:00:00 +0900", subject))
    rejected = edited(forms["津市"], os.path.join(s.a.work, "津市.xlsx"), "C7", None)
    files.append(mail(os.path.join(up, "津市から.eml"), rejected, formataddr(("津 太郎", "taro@city.tsu.example.jp")),
                      "Mon, 18 Nov 2019 10:00:00 +0900", "Re: 照会（津市）"))
    s.board()
    s.d.find_element(By.ID, "files").send_keys("\n".join(files))
    s.click("#upload button[type=submit]")
    s.page("ingest", ["取込の結果", "不受理", "重複", "菰野町", "亀山市"])


def choose_and_compare(s):
    s.board()
    s.click("form.choice button")
    s.page("choose", ["受理"])
    s.d.get(s.a.url.split("?")[0] + "unit?name=%E5%9B%9B%E6%97%A5%E5%B8%82%E5%B8%82")
    Select(s.d.find_element(By.NAME, "from")).select_by_value("1")
    Select(s.d.find_element(By.NAME, "to")).select_by_value("2")
    s.click("#compare")
    text = s.page("compare")
    if "訂正した取組" not in text and "違いはありません" not in text:
        sys.exit(f"compare: no difference shown:\n{text}")


def remind(s):
    must = ["差し戻し中（差し戻しのブックを添付し、回答した担当者あて）: 津市", "提出期限を過ぎています"]
    return s.drafts("#make-remind", must, "令和元年度_督促（再依頼）.zip")


def resubmit(s, forms):
    fixed = edited(forms["津市"], os.path.join(s.a.work, "津市（修正）.xlsx"), "C7", "・相談窓口を設置した。")
    eml = mail(os.path.join(s.a.work, "津市から（修正）.eml"), fixed, formataddr(("津 太郎", "taro@city.tsu.example.jp")),
               "Tue, 19 Nov 2019 10:00:00 +0900", "Re: 差し戻し（津市）")
    s.board()
    s.d.find_element(By.ID, "files").send_keys(eml)
    s.click("#upload button[type=submit]")
    s.page("resubmit", ["受理"])


def build_archive_publish(s):
    s.board()
    s.click("#build")
    s.page("build", ["資料を作成しました", "提出がありません"])
    s.click("#download")
    s.download("令和元年度_資料４.pdf", 180)
    s.board()
    s.click("#archive")
    s.page("archive-confirm", ["回答を受け付けていない提出単位があります", "保管版には"])
    s.click("#confirm")
    s.page("archived", ["保管"])
    s.board()
    s.click("#published")
    end = time.time() + 60
    while time.time() < end and not any(f.endswith(".zip") and "取組" not in f and f.startswith("24") for f in os.listdir(s.a.downloads)):
        time.sleep(0.2)


def main():
    a = parse()
    d = browser(a)
    try:
        s = Season(d, a)
        new_year(s)
        forms = forms_of(s, request(s))
        answers(s, forms)
        choose_and_compare(s)
        remind(s)
        resubmit(s, forms)
        build_archive_publish(s)
    finally:
        d.quit()


if __name__ == "__main__":
    main()
