//! `shiryo desk` as a clerk and as an attacker meet it: started on a copy of
//! the sample year mid-season, driven in Debian's chromium through
//! chromium-driver (Python Selenium, `tests/desk_browser.py`), and asked by
//! hand-written HTTP requests that must be refused with nothing changed.


use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::common::*;

/// A running desk; killed when dropped.
struct Desk {
    child: Child,
    port: u16,
    token: String,
}

impl Drop for Desk {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Desk {
    fn start(year: &Path, cwd: &Path, now: &str) -> Desk {
        Desk::start_with(&[s(year)], cwd, now)
    }

    fn start_with(args: &[&str], cwd: &Path, now: &str) -> Desk {
        let archive = cwd.join("archive");
        let mut child = Command::new(env!("CARGO_BIN_EXE_shiryo"))
            .arg("desk")
            .args(args)
            .args(["--no-open", "--archive", s(&archive)])
            .current_dir(cwd)
            .env("SHIRYO_NOW", now)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start shiryo desk");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).expect("the desk's first line");
        let url = line.split_whitespace().find(|w| w.starts_with("http://")).unwrap_or_else(|| panic!("no address in {line:?}"));
        let rest = url.strip_prefix("http://127.0.0.1:").unwrap();
        let (port, token) = rest.split_once("/?token=").unwrap();
        Desk { child, port: port.parse().unwrap(), token: token.to_string() }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/?token={}", self.port, self.token)
    }

    fn cookie(&self) -> String {
        format!("shiryo_desk_{}={}", self.port, self.token)
    }

    /// One request as raw HTTP/1.1: the status and the body.
    fn raw(&self, request: &[u8]) -> (u16, String) {
        let mut c = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        c.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let _ = c.write_all(request);
        let mut out = Vec::new();
        let _ = c.read_to_end(&mut out);
        let text = String::from_utf8_lossy(&out).into_owned();
        let status = text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        (status, text)
    }

    fn get(&self, path: &str, host: &str, cookie: bool) -> (u16, String) {
        let cookie = if cookie { format!("Cookie: {}\r\n", self.cookie()) } else { String::new() };
        self.raw(format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n{cookie}Connection: close\r\n\r\n").as_bytes())
    }

    /// A form's POST from the desk's own page.
    fn post(&self, path: &str, form: &str) -> (u16, String) {
        self.raw(
            format!(
                "POST {path} HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\nOrigin: http://{}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{form}",
                self.host(),
                self.cookie(),
                self.host(),
                form.len()
            )
            .as_bytes(),
        )
    }

    /// A download's body as bytes (the headers cut off).
    fn bytes(&self, path: &str) -> (u16, Vec<u8>) {
        let mut c = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        c.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
        c.write_all(format!("GET {path} HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\nConnection: close\r\n\r\n", self.host(), self.cookie()).as_bytes()).unwrap();
        let mut out = Vec::new();
        let _ = c.read_to_end(&mut out);
        let split = out.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4).unwrap_or(out.len());
        let status = String::from_utf8_lossy(&out[..split]).split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        (status, out[split..].to_vec())
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// A multipart upload of one file to `/ingest`.
    fn upload(&self, name: &str, bytes: &[u8], origin: &str, length: Option<usize>) -> (u16, String) {
        let boundary = "----shiryoTestBoundary";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let head = format!(
            "POST /ingest HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\nOrigin: {origin}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            self.host(),
            self.cookie(),
            length.unwrap_or(body.len())
        );
        let mut req = head.into_bytes();
        if length.is_none() {
            req.extend_from_slice(&body);
        }
        self.raw(&req)
    }
}

/// Every file of a folder and its bytes (the lock file aside): "nothing changed" is this, equal.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, root, out);
            } else if !p.file_name().unwrap().to_string_lossy().starts_with(".shiryo") {
                out.insert(p.strip_prefix(root).unwrap().to_path_buf(), fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The sample year mid-season: four units have not answered yet; their forms, pre-filled from the printed year.
fn mid_season(t: &Path) -> (PathBuf, PathBuf) {
    let year = t.join("2018");
    copy_dir(&sample(), &year);
    for unit in ["津市", "桑名市", "亀山市", "鈴鹿市"] {
        fs::remove_file(year.join(format!("units/{unit}.toml"))).unwrap();
    }
    let forms = t.join("forms");
    let o = shiryo(&["form", s(&year), "--previous", s(&sample()), "-o", s(&forms)], t, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    (year, forms)
}

#[test]
fn refuses_what_it_must_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let (year, forms) = mid_season(tmp.path());
    let desk = Desk::start(&year, tmp.path(), "2018-11-13T00:00:00Z");
    let before = snapshot(&year);
    let form = fs::read(forms.join("桑名市.xlsx")).unwrap();
    let own = format!("http://{}", desk.host());

    // The first visit: the token for a cookie (HttpOnly, SameSite=Strict), and the address without it.
    let (status, text) = desk.get(&format!("/?token={}", desk.token), &desk.host(), false);
    assert_eq!(status, 303, "{text}");
    assert!(text.contains(&format!("set-cookie: {}; HttpOnly; SameSite=Strict; Path=/", desk.cookie())), "{text}");
    let (status, text) = desk.get("/", &desk.host(), true);
    assert_eq!(status, 200, "{text}");
    assert!(text.contains("提出状況") && text.contains("桑名市"), "{text}");

    // No token, a wrong token.
    let (status, text) = desk.get("/", &desk.host(), false);
    assert_eq!(status, 401, "{text}");
    assert!(text.contains("token="), "says where to open it: {text}");
    let (status, _) = desk.get("/?token=0123456789abcdef0123456789abcdef", &desk.host(), false);
    assert_eq!(status, 401);
    // A foreign Host (DNS rebinding), even with the cookie.
    let (status, text) = desk.get("/", &format!("evil.example:{}", desk.port), true);
    assert_eq!(status, 403, "{text}");
    let (status, _) = desk.get("/", &format!("127.0.0.1:{}", desk.port + 1), true);
    assert_eq!(status, 403);
    // localhost is this desk too.
    let (status, _) = desk.get("/", &format!("localhost:{}", desk.port), true);
    assert_eq!(status, 200);
    // A POST from another page, and one without Origin.
    let (status, text) = desk.upload("桑名市.xlsx", &form, "http://evil.example", None);
    assert_eq!(status, 403, "{text}");
    let (status, _) = desk.raw(format!("POST /build HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", desk.host(), desk.cookie()).as_bytes());
    assert_eq!(status, 403);
    // A state change by GET is no route.
    let (status, _) = desk.get("/ingest", &desk.host(), true);
    assert_eq!(status, 405);
    // An upload over the limit: refused before it is read, in words.
    let (status, text) = desk.upload("big.mbox", b"", &own, Some(201 * 1024 * 1024));
    assert_eq!(status, 413, "{text}");
    assert!(text.contains("200 MB"), "{text}");
    // Paths: an upload named with `..`, a unit named with one, an asset outside the assets.
    let (status, text) = desk.upload("../../桑名市.xlsx", &form, &own, None);
    assert_eq!(status, 400, "{text}");
    // The name as text on the page (minijinja escapes the slashes).
    assert!(text.contains("..&#x2f;..&#x2f;桑名市.xlsx") && text.contains("何も取り込んでいません"), "{text}");
    let (status, _) = desk.get("/unit?name=..%2F..%2Fpacket", &desk.host(), true);
    assert_eq!(status, 404);
    let (status, _) = desk.get("/assets/..%2F..%2FCargo.toml", &desk.host(), true);
    assert_eq!(status, 404);
    let (status, _) = desk.get("/assets/../../Cargo.toml", &desk.host(), true);
    assert_eq!(status, 404);
    let (status, _) = desk.get("/send-back/workbook?name=..%2Fpacket", &desk.host(), true);
    assert_eq!(status, 404);

    assert!(snapshot(&year) == before, "a refused request changed the year");

    // And the same upload from the desk's own page is taken.
    let (status, text) = desk.upload("桑名市.xlsx", &form, &own, None);
    assert_eq!(status, 200, "{text}");
    assert!(text.contains("桑名市") && text.contains("受理"), "{text}");
    assert!(year.join("units/桑名市.toml").exists());
}

#[test]
fn takes_a_large_mailbox_within_the_limit() {
    let tmp = tempfile::tempdir().unwrap();
    let (year, _) = mid_season(tmp.path());
    let desk = Desk::start(&year, tmp.path(), "2018-11-13T00:00:00Z");
    // 60 MB: more than a 1,000-mail mailbox of forms; a mailbox of plain mails without attachments.
    let mut mbox = Vec::with_capacity(60 << 20);
    let body = "本文です。".repeat(2000);
    let mut i = 0;
    while mbox.len() < 60 << 20 {
        mbox.extend_from_slice(
            format!("From a@b.example Mon Nov 12 10:00:00 2018\nFrom: a@b.example\nSubject: n{i}\nDate: Mon, 12 Nov 2018 10:00:00 +0900\nContent-Type: text/plain; charset=utf-8\n\n{body}\n\n").as_bytes(),
        );
        i += 1;
    }
    let (status, text) = desk.upload("受信箱.mbox", &mbox, &format!("http://{}", desk.host()), None);
    assert_eq!(status, 200, "{}", &text[..text.len().min(2000)]);
    assert!(text.contains("取込の結果"), "{}", &text[..text.len().min(2000)]);
}

/// Debian's chromium and chromium-driver, or a failure naming them.
fn chromium() -> (PathBuf, PathBuf) {
    let find = |names: &[&str]| {
        names.iter().map(PathBuf::from).find(|p| p.exists())
    };
    let browser = find(&["/usr/bin/chromium", "/usr/bin/chromium-browser"])
        .unwrap_or_else(|| panic!("chromium not found: install Debian's chromium (apt-get install chromium), or run `bash scripts/test`"));
    let driver = find(&["/usr/bin/chromedriver"])
        .unwrap_or_else(|| panic!("chromedriver not found: install Debian's chromium-driver (apt-get install chromium-driver), or run `bash scripts/test`"));
    (browser, driver)
}

#[test]
fn a_clerk_works_the_season_in_a_browser() {
    let (browser, driver) = chromium();
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let (year, forms) = mid_season(t);
    // 津市 left ⑤ empty: it will be sent back.
    let up = t.join("up");
    fs::create_dir_all(&up).unwrap();
    let o = python_with(
        "openpyxl",
        "openpyxl",
        &["-c", "import openpyxl, sys\nwb = openpyxl.load_workbook(sys.argv[1]); wb['取組状況']['C7'] = None; wb.save(sys.argv[2])", s(&forms.join("津市.xlsx")), s(&up.join("津市.xlsx"))],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    for unit in ["桑名市", "亀山市"] {
        fs::copy(forms.join(format!("{unit}.xlsx")), up.join(format!("{unit}.xlsx"))).unwrap();
    }
    let eml = up.join("鈴鹿市から.eml");
    let sender = "鈴鹿市 長寿社会課 <choju@city.suzuka.example.jp>";
    answer_mail(&forms.join("鈴鹿市.xlsx"), &eml, sender, "Tue, 13 Nov 2018 09:30:00 +0900", "Re: 照会（鈴鹿市）");
    // What a CLI ingest brings while the page is open.
    let cli = t.join("cli");
    fs::create_dir_all(&cli).unwrap();
    fs::copy(forms.join("四日市市.xlsx"), cli.join("四日市市.xlsx")).unwrap();

    let desk = Desk::start(&year, t, "2018-11-13T03:00:00Z");
    let shots = root().join("target/desk-screenshots");
    fs::create_dir_all(&shots).unwrap();
    let downloads = t.join("downloads");
    fs::create_dir_all(&downloads).unwrap();
    let script = root().join("tests/desk_browser.py");
    let o = python_with(
        "selenium",
        "selenium",
        &[
            s(&script),
            "--url", &desk.url(),
            "--browser", s(&browser),
            "--driver", s(&driver),
            "--downloads", s(&downloads),
            "--shots", s(&shots),
            "--workbooks", s(&up.join("津市.xlsx")), s(&up.join("桑名市.xlsx")), s(&up.join("亀山市.xlsx")),
            "--eml", s(&eml),
            "--shiryo", env!("CARGO_BIN_EXE_shiryo"),
            "--year", s(&year),
            "--cli-folder", s(&cli),
        ],
    );
    assert!(o.status.success(), "the browser session failed:\n{}\n{}", stdout(&o), stderr(&o));

    // The send-back workbook downloaded: 津市's answers, C7 marked, its reasons sheet first.
    let wb = downloads.join("差し戻し_津市.xlsx");
    let o = python_with(
        "openpyxl",
        "openpyxl",
        &["-c", "import openpyxl, sys\nwb = openpyxl.load_workbook(sys.argv[1])\nc = wb['取組状況']['C7']\nprint(wb.sheetnames[0], '|', c.fill.fgColor.rgb, '|', c.comment.text if c.comment else '')", s(&wb)],
    );
    let seen = stdout(&o);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(seen.starts_with("差し戻し理由 | FFFFC7CE |") && seen.contains("⑤相談支援 が空欄です"), "{seen}");
    // The packet downloaded: every page of the sample, a draft while 四日市市's and others' answers are awaited.
    let pdfs: Vec<PathBuf> = fs::read_dir(&downloads).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "pdf")).collect();
    assert_eq!(pdfs.len(), 1, "{pdfs:?}");
    assert_eq!(page_count(&pdfs[0]), 19);
    // 「案」 beneath every page, and beside the 資料 number on the first.
    assert_eq!(raw_text(&pdfs[0]).matches('案').count(), 20, "a draft while the season runs: 「案」 on every page");
    // The screenshots.
    for shot in ["board.png", "preview.png"] {
        let bytes = fs::read(shots.join(shot)).unwrap_or_else(|e| panic!("{shot}: {e}"));
        assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 20_000, "{shot}: {} bytes", bytes.len());
    }
    // The year as the browser left it: the board's states, read by the command line.
    let o = shiryo(&["status", s(&year)], t, &[("SHIRYO_NOW", "2018-11-13T03:00:00Z")]);
    let rows = status_rows(&stdout(&o));
    let state = |n: &str| rows.iter().find(|r| r[0] == n).map(|r| r[1].clone()).unwrap_or_default();
    assert_eq!([state("津市"), state("桑名市"), state("亀山市"), state("鈴鹿市"), state("四日市市")], ["差し戻し中", "提出済", "提出済", "提出済", "提出済"]);
}

const REQUEST: &str = "\n[request]\nnumber = \"長介第１２３号\"\ndate = \"2018-10-01\"\n\
    addressee = \"各市町　在宅医療・介護連携担当課長　様\"\nsender = \"三重県医療保健部長\"\n";

/// The names in a zip, read by Python's zipfile.
fn zip_names(bytes: &[u8], dir: &Path) -> Vec<String> {
    let path = dir.join("drafts.zip");
    fs::write(&path, bytes).unwrap();
    let o = python_with("zipfile", "Python's standard library", &["-c", "import zipfile, sys\nfor n in zipfile.ZipFile(sys.argv[1]).namelist(): print(n)", s(&path)]);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o).lines().map(String::from).collect()
}

/// The words a page shows (its text, tags and attributes left out), entities decoded as a browser does.
fn words_of(page: &str) -> String {
    let body = page.split("\r\n\r\n").skip(1).collect::<Vec<_>>().join("\r\n\r\n");
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&#x2f;", "/").replace("&#x27;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// A page that reads as the page, never as a command line (the one shared pattern).
fn clean(what: &str, page: &str) -> String {
    let words = words_of(page);
    let found = shiryo::messages::front::command_line_in(&words, shiryo::messages::front::SUBCOMMANDS);
    assert!(found.is_none(), "{what}: the page reads as a command line ({found:?}):\n{words}");
    words
}

impl Desk {
    /// A multipart upload of several files to `/ingest`, from the desk's own page.
    fn upload_all(&self, files: &[(&str, &[u8])]) -> (u16, String) {
        let boundary = "----shiryoTestBoundary";
        let mut body = Vec::new();
        for (name, bytes) in files {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let head = format!(
            "POST /ingest HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\nOrigin: http://{}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            self.host(),
            self.cookie(),
            self.host(),
            body.len()
        );
        let mut req = head.into_bytes();
        req.extend_from_slice(&body);
        self.raw(&req)
    }
}

#[test]
fn every_action_without_a_browser() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let (year, forms) = mid_season(&t.join("inputs"));
    fs::write(year.join("packet.toml"), fs::read_to_string(year.join("packet.toml")).unwrap() + REQUEST).unwrap();
    // One of 四日市市's lines marked 非公開.
    let yokkaichi = year.join("units/四日市市.toml");
    fs::write(&yokkaichi, fs::read_to_string(&yokkaichi).unwrap().replacen("\"・", "\"【非公開】・", 1)).unwrap();
    // Started without a year: it lists those under the folder (and inputs/) and opens the one picked.
    let desk = Desk::start_with(&[], t, "2018-11-13T00:00:00Z");
    let (status, page) = desk.get("/", &desk.host(), true);
    assert_eq!(status, 200, "{page}");
    clean("the years", &page);
    assert!(page.contains("inputs&#x2f;2018") && page.contains("平成30年度 三重県在宅医療推進懇話会"), "{page}");
    let (status, _) = desk.post("/open", "index=0");
    assert_eq!(status, 303);
    let (_, page) = desk.get("/", &desk.host(), true);
    clean("the board", &page);
    assert!(page.contains("提出期限 平成30年11月16日（金）（あと 3 日）"), "{page}");
    let own = format!("http://{}", desk.host());

    // Two different workbooks for 津市 at once: a duplicate, the choice said in the page's words.
    let tsu = fs::read(forms.join("津市.xlsx")).unwrap();
    // The same moment (the workbook's own), other answers: for the clerk to choose.
    let tsu2 = rewrite(&tsu, |b| crate::intake::set(b, "取組状況", (2, 2), "・訂正しました"));
    let (status, page) = desk.upload_all(&[("津市.xlsx", &tsu), ("津市_訂正.xlsx", &tsu2)]);
    assert_eq!(status, 200, "{page}");
    let words = clean("a duplicate's result", &page);
    assert!(words.contains("どちらも取り込んでいません。中身を見て一方を選んでください（「これを採用」）。"), "{words}");
    let (_, board) = desk.get("/", &desk.host(), true);
    let words = clean("the board with a duplicate", &board);
    assert!(words.contains("重複（選択待ち）") && words.contains("中身を見て一方を選んでください（「これを採用」）。"), "{words}");
    let sha = board.split("name=\"sha256\" value=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or_else(|| panic!("no choice on the board: {board}"));
    let (status, page) = desk.post("/prefer", &format!("sha256={sha}"));
    assert_eq!(status, 200, "{page}");
    assert!(clean("the choice", &page).contains("受理"), "{page}");
    assert!(year.join("units/津市.toml").exists());

    // 桑名市's form saved under 亀山市's name: held, offered as a choice, chosen.
    let (status, page) = desk.upload("亀山市.xlsx", &fs::read(forms.join("桑名市.xlsx")).unwrap(), &own, None);
    assert_eq!(status, 200, "{page}");
    assert!(clean("a copied form's result", &page).contains("中身が正しければ取り込んでください（「これを採用」）"), "{page}");
    let (_, board) = desk.get("/", &desk.host(), true);
    assert!(board.contains("<ul class=\"hints\" id=\"hints\"><li>保留（ファイル名の確認）: ファイル名と中身の提出単位が違います。"), "the board says what to do with a held workbook: {board}");
    let sha = board.split("name=\"sha256\" value=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or_else(|| panic!("no choice on the board: {board}"));
    let (status, page) = desk.post("/prefer", &format!("sha256={sha}"));
    assert_eq!(status, 200, "{page}");
    assert!(clean("the held one chosen", &page).contains("受理"), "{page}");
    assert!(year.join("units/桑名市.toml").exists());
    // The board's chart: the answers received by day, the deadline a line.
    let (_, board) = desk.get("/", &desk.host(), true);
    let svg = board.split("<svg class=\"chart\"").nth(1).and_then(|r| r.split("</svg>").next()).unwrap_or_else(|| panic!("no chart: {board}"));
    assert!(svg.contains("<rect") && svg.contains("<line") && svg.contains("<title>11/13: 2</title>"), "{svg}");
    // The ledger keeps the name it arrived under, not the kept copy's.
    let ledger = fs::read_to_string(year.join("received/index.toml")).unwrap();
    assert!(ledger.contains("original = \"亀山市.xlsx\"") && ledger.contains("original = \"津市_訂正.xlsx\""), "{ledger}");
    // A version applied again, and one that is not there; the unit's page says what changed between versions.
    // The one not chosen was declined; version 2 (the correction) applied again instead.
    let ledger = fs::read_to_string(year.join("received/index.toml")).unwrap();
    assert!(!ledger.contains("state = \"held\""), "{ledger}");
    let (status, page) = desk.post("/restore", "name=%E6%B4%A5%E5%B8%82&version=2");
    assert_eq!(status, 200, "{page}");
    assert!(clean("a restore", &page).contains("受理"), "{page}");
    assert!(fs::read_to_string(year.join("units/津市.toml")).unwrap().contains("訂正しました"));
    let (status, page) = desk.post("/restore", "name=%E6%A1%91%E5%90%8D%E5%B8%82&version=9");
    assert_eq!(status, 404, "{page}");
    let words = clean("a missing version", &page);
    assert!(words.contains("「桑名市」に第9版はありません（版は 1 つです。提出単位の名前を押して開く「受け取った版」で一覧を確認してください）。"), "{words}");
    let (status, page) = desk.get("/unit?name=%E6%B4%A5%E5%B8%82", &desk.host(), true);
    assert_eq!(status, 200);
    let words = clean("津市's page", &page);
    assert!(words.contains("第1版") && words.contains("第2版") && words.contains("訂正しました"), "the versions and what changed: {words}");
    // Restore is offered for the version once applied (1), not for the one applied now (2).
    assert_eq!(page.matches("name=\"version\" value=\"1\"").count(), 1, "{page}");
    assert!(!page.contains("name=\"version\" value=\"2\""), "{page}");
    // A 非公開 line on a unit's page is said to be left out of the packet.
    let (_, page) = desk.get("/unit?name=%E5%9B%9B%E6%97%A5%E5%B8%82%E5%B8%82", &desk.host(), true);
    assert!(clean("四日市市's page", &page).contains("（【非公開】資料には載りません）"), "{page}");
    // Any two versions compared, line by line.
    let (status, page) = desk.get("/unit?name=%E6%B4%A5%E5%B8%82&from=2&to=1", &desk.host(), true);
    assert_eq!(status, 200, "{page}");
    let compared = page.split("id=\"compared\">").nth(1).and_then(|r| r.split("</pre>").next()).unwrap_or_else(|| panic!("no comparison: {page}"));
    assert!(compared.contains("訂正しました"), "{compared}");
    let (_, page) = desk.get("/unit?name=%E6%B4%A5%E5%B8%82&from=1&to=1", &desk.host(), true);
    assert!(clean("a version with itself", &page).contains("違いはありません。"), "{page}");

    // 期限延長 from the unit's page.
    let (status, page) = desk.post("/extend", "name=%E9%88%B4%E9%B9%BF%E5%B8%82&until=2018-11-30");
    assert_eq!(status, 200, "{page}");
    assert!(clean("an extension", &page).contains("「鈴鹿市」の提出期限を平成30年11月30日（金）に延長しました"), "{page}");
    let (_, page) = desk.get("/unit?name=%E9%88%B4%E9%B9%BF%E5%B8%82", &desk.host(), true);
    assert!(page.contains("name=\"until\" value=\"2018-11-30\""), "{page}");
    let (status, page) = desk.post("/extend", "name=%E9%88%B4%E9%B9%BF%E5%B8%82&until=11%E6%9C%8830%E6%97%A5%E3%81%94%E3%82%8D");
    assert_eq!(status, 422, "{page}");
    assert!(clean("a bad extension", &page).contains("「延長後の期限」の「11月30日ごろ」を日付として読めません"), "{page}");

    // The contacts confirmed on the page before the request: a bad address is refused at its key, a good one saved.
    let (status, page) = desk.get("/contacts", &desk.host(), true);
    assert_eq!(status, 200, "{page}");
    assert!(clean("the contacts", &page).contains("４月の異動") && page.contains("name=\"name_0\" value=\"桑名市\""), "{page}");
    let (status, page) = desk.post("/contacts", "name_0=%E6%A1%91%E5%90%8D%E5%B8%82&mail_0=kaigo%40city");
    assert_eq!(status, 422, "{page}");
    assert!(clean("a bad address", &page).contains("contacts.toml 桑名市.mail[1]: エラー"), "{page}");
    assert!(!year.join("contacts.toml").exists(), "nothing written");
    let (status, page) = desk.post("/contacts", "name_0=%E6%A1%91%E5%90%8D%E5%B8%82&office_0=%E4%BB%8B%E8%AD%B7%E9%AB%98%E9%BD%A2%E8%AA%B2&mail_0=kaigo%40city.kuwana.example.jp&name_1=%E6%B4%A5%E5%B8%82");
    assert_eq!(status, 200, "{page}");
    assert!(clean("the contacts saved", &page).contains("連絡先を保存しました（1 件）"), "{page}");
    let contacts = fs::read_to_string(year.join("contacts.toml")).unwrap();
    assert!(contacts.contains("office = \"介護高齢課\"") && contacts.contains("kaigo@city.kuwana.example.jp"), "{contacts}");

    // Drafts: made on the page with what the command says of them, then one zip each.
    let (status, page) = desk.post("/make-drafts", "kind=request");
    assert_eq!(status, 200, "{page}");
    let words = clean("the request's drafts", &page);
    assert!(words.contains("宛先（To）のない下書き（contacts.toml にメールアドレスがありません）: ") && words.contains("鈴鹿市"), "{words}");
    let (status, zip) = desk.bytes("/drafts/request.zip");
    assert_eq!(status, 200);
    let names = zip_names(&zip, t);
    assert!(names.contains(&"鈴鹿市.eml".to_string()) && names.iter().any(|n| n.ends_with(".pdf")), "{names:?}");
    let (_, page) = desk.post("/make-drafts", "kind=receipt");
    clean("the receipts", &page);
    let (_, zip) = desk.bytes("/drafts/receipt.zip");
    let mut names = zip_names(&zip, t);
    names.sort();
    assert_eq!(names, ["受領_桑名市.eml", "受領_津市.eml"], "{}", fs::read_to_string(year.join("received/index.toml")).unwrap());
    let (_, page) = desk.post("/make-drafts", "kind=remind");
    let words = clean("the reminders", &page);
    assert!(words.contains("回答済み（再依頼なし）: ") && words.contains("期限前"), "{words}");
    let (_, zip) = desk.bytes("/drafts/remind.zip");
    let names = zip_names(&zip, t);
    assert!(names.contains(&"鈴鹿市.eml".to_string()) && !names.contains(&"桑名市.eml".to_string()), "{names:?}");

    // The prefecture's own form, downloaded from the board: the year's request in its 会議 sheet.
    let (status, form) = desk.bytes("/prefecture-form.xlsx");
    assert_eq!(status, 200);
    let book = shiryo::intake::ingest::read::read(&form).expect("the prefecture's form reads");
    let texts: Vec<String> = book.sheets.iter().flat_map(|s| s.cells.values()).filter_map(|v| match v { shiryo::intake::ingest::read::Value::Text(t) => Some(t.to_string()), _ => None }).collect();
    assert!(texts.iter().any(|t| t == "長介第１２３号"), "{texts:?}");

    // The data to publish, as `publish --bom` writes it: CSVs for Excel, the workbook and the page.
    let (status, zip) = desk.bytes("/published.zip");
    assert_eq!(status, 200);
    let names = zip_names(&zip, t);
    assert!(names.iter().any(|n| n.ends_with("_取組状況.csv")) && names.iter().any(|n| n.ends_with(".xlsx")), "{names:?}");

    // The packet: a draft while the season runs, with what the build found (the units not yet answered).
    let (status, page) = desk.post("/build", "");
    assert_eq!(status, 200, "{page}");
    let words = clean("the build", &page);
    assert!(words.contains("資料を作成しました（19 ページ") && words.contains("各ページに「案」と入っています"), "{words}");
    assert!(words.contains("「【非公開】」の行 1 行は資料に載せていません（委員用に載せるときは「委員用（非公開の行も載せる）」）。"), "{words}");
    assert!(words.contains("「亀山市」の提出がありません。資料には「未提出」と表示されます。期限を過ぎていれば督促してください（「督促（再依頼）」）。"), "{words}");
    let (status, pdf) = desk.bytes("/packet.pdf");
    assert_eq!(status, 200);
    fs::write(t.join("desk.pdf"), &pdf).unwrap();
    assert_eq!(page_count(&t.join("desk.pdf")), 19);
    assert_eq!(raw_text(&t.join("desk.pdf")).matches('案').count(), 20, "「案」 on each of 19 pages and beside the 資料 number");
    // Archiving shows first what it will carry and who has not answered, then does it on confirmation.
    let (status, page) = desk.get("/archive", &desk.host(), true);
    assert_eq!(status, 200, "{page}");
    let words = clean("the archive's confirmation", &page);
    assert!(words.contains("回答を受け付けていない提出単位があります（2 件: ") && words.contains("亀山市") && words.contains("鈴鹿市") && words.contains("「【非公開】」の行 1 行"), "{words}");
    assert!(page.contains("id=\"confirm\"") && !t.join("archive").exists(), "nothing archived before the confirmation");
    let (status, page) = desk.post("/archive", "");
    assert_eq!(status, 200, "{page}");
    assert!(clean("the archive", &page).contains("保管"), "{page}");
    let archived: Vec<PathBuf> = pdfs_below(&t.join("archive"));
    assert_eq!(archived.len(), 1, "{archived:?}");
    assert_eq!(raw_text(&archived[0]).matches('案').count(), 0, "the archive carries no draft mark");

    // The prefecture's own row opens its page; the years can be reached from any page; an empty upload is said.
    let (status, page) = desk.get("/unit?name=%E4%B8%89%E9%87%8D%E7%9C%8C", &desk.host(), true);
    assert_eq!(status, 200, "{page}");
    assert!(clean("the prefecture's page", &page).contains("三重県（県の記入欄）"), "{page}");
    let (status, page) = desk.get("/years", &desk.host(), true);
    assert_eq!(status, 200, "{page}");
    assert!(clean("the years", &page).contains("新しい年度を作る") && page.contains("href=\"/years\""), "{page}");
    // The new year's form shows last year's meeting and request to keep or change.
    assert!(page.contains("name=\"number\" value=\"長介第１２３号\"") && page.contains("value=\"三重県医療保健部長\""), "{page}");
    let (status, page) = desk.upload_all(&[]);
    assert_eq!(status, 400, "{page}");
    assert!(clean("an empty upload", &page).contains("ファイルが選ばれていません。"), "{page}");

    // A new year from this one, beside it; a folder name that is a path refused.
    let (status, page) = desk.post("/new-year", "from=0&folder=..%2F2019&date=2019-12-11&deadline=2019-11-15");
    assert_eq!(status, 400, "{page}");
    assert!(clean("a bad folder", &page).contains("フォルダ名「../2019」は使えません"), "{page}");
    let (status, page) = desk.post("/new-year", "from=0&folder=2019&date=2019-11-11&deadline=2019-12-15");
    assert_eq!(status, 422, "{page}");
    let words = clean("a deadline after the meeting", &page);
    assert!(words.contains("「提出期限」の「2019-12-15」が会議の日付「2019-11-11」より後です。"), "{words}");
    let (status, page) = desk.post(
        "/new-year",
        "from=0&folder=2019&date=%E4%BB%A4%E5%92%8C%E5%85%83%E5%B9%B412%E6%9C%8811%E6%97%A5&deadline=2019-11-15\
         &number=%E9%95%B7%E4%BB%8B%E7%AC%AC%EF%BC%92%E5%8F%B7&request_date=2019-10-01&mail=choju%40pref.mie.example.jp",
    );
    assert_eq!(status, 200, "{page}");
    let packet = fs::read_to_string(t.join("inputs/2019/packet.toml")).unwrap();
    assert!(packet.contains("number = \"長介第２号\"") && packet.contains("date = \"2019-10-01\"") && packet.contains("mail = \"choju@pref.mie.example.jp\""), "{packet}");
    assert!(packet.contains("sender = \"三重県医療保健部長\""), "the sender carried over: {packet}");
    // What the command prints after a new year, on the page in its words.
    let words = clean("the new year", &page);
    for said in [
        "令和元年度の年度フォルダを作成しました",
        "schedule.toml: 警告: 予定表の月・日付をすべて１年後に移しました。",
        "blocks.toml: 警告: 次の区域の ○（まとめ）は前年度（平成30年度）の文言のままです。",
        "schedule.toml title: 年度を書き換えました: 「平成30年度の在宅医療にかかる議論等の進め方」→「令和元年度の在宅医療にかかる議論等の進め方」",
        "照会の様式には前年度の回答が記入されます",
    ] {
        assert!(words.contains(said), "{said}: not on the page:\n{words}");
    }
    let (_, page) = desk.get("/", &desk.host(), true);
    assert!(clean("the new year's board", &page).contains("令和元年度"), "the new year is open: {page}");
    // Its request goes out from the page, its forms filled with last year's answers (the year beside it).
    let (status, page) = desk.post("/make-drafts", "kind=request");
    assert_eq!(status, 200, "{page}");
    let words = clean("the new year's request", &page);
    assert!(words.contains("様式には、今年度の回答がない提出単位の分は") && words.contains("メールの下書き: "), "{words}");
}

#[test]
fn a_malformed_request_is_answered_in_the_pages_words() {
    let tmp = tempfile::tempdir().unwrap();
    let (year, _) = mid_season(tmp.path());
    let desk = Desk::start(&year, tmp.path(), "2018-11-13T00:00:00Z");
    for (status, page) in [
        desk.post("/restore", "name=%E6%A1%91%E5%90%8D%E5%B8%82"),
        desk.post("/restore", "name=x&version=many"),
        desk.get("/unit", &desk.host(), true),
        desk.post("/make-drafts", "kind=everything"),
    ] {
        assert!(status == 400 || status == 422, "{page}");
        let words = clean("a malformed request", &page);
        assert!(words.contains("ページから送られた内容が足りないか、読めませんでした。何も変えていません。"), "{words}");
        assert!(!words.contains("Failed to deserialize") && !words.contains("missing field"), "{words}");
    }
    // A form posted as something else than a form.
    let (status, page) = desk.raw(
        format!(
            "POST /prefer HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\nOrigin: http://{}\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc",
            desk.host(),
            desk.cookie(),
            desk.host()
        )
        .as_bytes(),
    );
    assert_eq!(status, 415, "{page}");
    assert!(clean("a form of another type", &page).contains("ページから送られた内容が足りないか、読めませんでした。"), "{page}");
}

#[test]
fn speaks_english_on_request() {
    let tmp = tempfile::tempdir().unwrap();
    let (year, _) = mid_season(tmp.path());
    let desk = Desk::start_with(&[s(&year), "--lang", "en"], tmp.path(), "2018-11-13T00:00:00Z");
    let (_, page) = desk.get("/", &desk.host(), true);
    assert!(page.contains("<html lang=\"en\">") && page.contains("Board") && page.contains("deadline"), "{page}");
    let (status, page) = desk.get("/", &desk.host(), false);
    assert_eq!(status, 401);
    assert!(page.contains("open the address printed when the page was started"), "{page}");
}

/// A whole season at the page, in Chromium, from a fresh copy of the sample
/// (`tests/desk_season.py`): every page's words checked with the shared pattern, and
/// what the clerk took away read back — the request's forms carry last year's answers,
/// the reminder to the unit under send-back carries it to the officer who answered, the
/// packet's page 1 names the new year, the archive holds it.
#[test]
fn a_whole_season_in_a_browser() {
    let (browser, driver) = chromium();
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let last = t.join("inputs/2018");
    copy_dir(&sample(), &last);
    fs::write(last.join("packet.toml"), fs::read_to_string(last.join("packet.toml")).unwrap() + REQUEST).unwrap();
    let desk = Desk::start_with(&[], t, "2019-11-20T00:00:00Z");
    let [downloads, pages, work] = ["downloads", "pages", "work"].map(|d| t.join(d));
    let shots = root().join("target/desk-season");
    for d in [&downloads, &pages, &work, &shots] {
        fs::create_dir_all(d).unwrap();
    }
    let script = root().join("tests/desk_season.py");
    let args = [s(&script), "--url", &desk.url(), "--browser", s(&browser), "--driver", s(&driver), "--downloads", s(&downloads), "--shots", s(&shots), "--pages", s(&pages), "--work", s(&work)];
    let o = python_with("selenium", "selenium", &args);
    assert!(o.status.success(), "the season in the browser failed:\n{}\n{}", stdout(&o), stderr(&o));

    // Every page of the season reads as the page.
    let mut seen = 0;
    for e in fs::read_dir(&pages).unwrap() {
        let path = e.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        let found = shiryo::messages::front::command_line_in(&text, shiryo::messages::front::SUBCOMMANDS);
        assert!(found.is_none(), "{}: reads as a command line ({found:?}):\n{text}", path.display());
        seen += 1;
    }
    assert!(seen >= 10, "{seen} pages saved");
    // The request's form for 桑名市 carries last year's answers.
    let attachment = |zip: &Path, eml: &str, name: &str| -> (shiryo::intake::mail::Envelope, Vec<u8>) {
        let mut z = zip::ZipArchive::new(fs::File::open(zip).unwrap()).unwrap();
        let mut bytes = Vec::new();
        z.by_name(eml).unwrap().read_to_end(&mut bytes).unwrap();
        let m = shiryo::intake::mail::eml(&bytes).unwrap();
        let a = m.attachments.into_iter().find(|a| a.name == name).unwrap_or_else(|| panic!("{eml}: no {name}"));
        match a.body {
            shiryo::intake::mail::Body::Bytes(b) => (m.envelope, b),
            _ => panic!("{name}: not read"),
        }
    };
    let (_, form) = attachment(&downloads.join("令和元年度_照会（依頼）.zip"), "桑名市.eml", "桑名市.xlsx");
    let book = shiryo::intake::ingest::read::read(&form).unwrap();
    let cell = book.sheet("取組状況").unwrap().cells.get(&(shiryo::intake::form::schema::Schema::item_row(0), 2)).cloned();
    let last_year = shiryo::store::load(&last).unwrap();
    let lines = last_year.unit("桑名市").unwrap().items[0].lines.join("\n");
    assert_eq!(cell, Some(shiryo::intake::ingest::read::Value::Text(lines.into())), "the form carries last year's answer");
    // The reminder to 津市 (under send-back) carries its send-back workbook.
    let (_, sent_back) = attachment(&downloads.join("令和元年度_督促（再依頼）.zip"), "津市.eml", "差し戻し_津市.xlsx");
    assert!(shiryo::intake::ingest::read::read(&sent_back).unwrap().sheet("差し戻し理由").is_some());
    // The packet names the new year on page 1, and the archive holds it.
    let pdf = downloads.join("令和元年度_資料４.pdf");
    let first = squash(&poppler("pdftotext", &["-f", "1", "-l", "1", s(&pdf), "-"]));
    assert!(first.contains("令和元年度の在宅医療にかかる議論等の進め方"), "{first}");
    assert_eq!(pdfs_below(&t.join("archive")).len(), 1);
    assert!(fs::read_dir(&downloads).unwrap().any(|e| e.unwrap().file_name().to_string_lossy().starts_with("240001_2019")), "the published data");
}
