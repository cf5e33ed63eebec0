#!/usr/bin/env python3
"""Memory and time of `shiryo ingest` on small hostile inputs (issue 25, cases 1 and 2).

    python benches/hostile_intake.py SAMPLE_YEAR BINARY [BINARY ...]

Each binary ingests each case into a fresh copy of SAMPLE_YEAR (inputs/2018) under a
4 GiB address-space cap (`ulimit -v`, so that a "before" binary cannot take the shared
machine down), and `/usr/bin/time -v` gives its peak resident memory and wall time.
The inputs are made here, with openpyxl-free Python (zipfile): a zip writer is all they need.

1a  one 42 KB .xlsx: 19,999 cells all pointing at one shared string of 32,767 characters
1b  one .xlsx of four such sheets (about 166 KB)
2a  ten 20 KB zips, each of 12 entries of 20 MB (zeros, named .xlsx)
2b  one mail (.eml) carrying ten such zips
"""
import base64, io, os, re, shutil, subprocess, sys, tempfile, zipfile
from email.message import EmailMessage

def xlsx(sheets, cells=19_999, chars=32_767):
    """An .xlsx whose `sheets` sheets hold `cells` cells each, all the one shared string."""
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   + "".join(f'<Override PartName="/xl/worksheets/sheet{i+1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(sheets))
                   + '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                   + "".join(f'<sheet name="S{i+1}" sheetId="{i+1}" r:id="rId{i+1}"/>' for i in range(sheets)) + "</sheets></workbook>")
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   + "".join(f'<Relationship Id="rId{i+1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i+1}.xml"/>' for i in range(sheets))
                   + f'<Relationship Id="rId{sheets+1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        z.writestr("xl/sharedStrings.xml", '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>' + "長" * chars + "</t></si></sst>")
        rows = "".join(f'<row r="{r+1}">' + "".join(f'<c r="{col}{r+1}" t="s"><v>0</v></c>' for col in "ABCDEFGHIJKLMNOPQRST") + "</row>" for r in range(cells // 20 + 1))
        for i in range(sheets):
            z.writestr(f"xl/worksheets/sheet{i+1}.xml", '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + rows + "</sheetData></worksheet>")
    return b.getvalue()

def big_zip(entries=12, size=20 * 1024 * 1024):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for e in range(entries):
            z.writestr(f"ブック{e}.xlsx", bytes(size))
    return b.getvalue()

def cases(root):
    out = {}
    def case(name, files):
        d = os.path.join(root, name)
        os.makedirs(d)
        for f, data in files.items():
            open(os.path.join(d, f), "wb").write(data)
        out[name] = (d, sum(len(v) for v in files.values()))
    case("1a", {"桑名市.xlsx": xlsx(1)})
    case("1b", {"桑名市.xlsx": xlsx(4)})
    z = big_zip()
    case("2a", {f"回答{i}.zip": z for i in range(10)})
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = "kaigo@city.example.jp", "zaitaku@pref.example.jp", "回答"
    m.set_content("回答を送ります。")
    for i in range(10):
        m.add_attachment(z, maintype="application", subtype="zip", filename=f"回答{i}.zip")
    case("2b", {"回答.eml": bytes(m)})
    return out

def run(binary, year, folder):
    with tempfile.TemporaryDirectory() as t:
        y = os.path.join(t, "year")
        shutil.copytree(year, y)
        cmd = f'ulimit -v 4194304; exec /usr/bin/time -v "{binary}" ingest "{folder}" --year "{y}"'
        p = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True)
        rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
        wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", p.stderr)
        cpu = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", p.stderr))
        return (int(rss.group(1)) / 1024 if rss else float("nan"), wall.group(1) if wall else "?", cpu, p.returncode)

def main():
    year, binaries = sys.argv[1], sys.argv[2:]
    with tempfile.TemporaryDirectory() as root:
        for name, (folder, size) in cases(root).items():
            for b in binaries:
                rss, wall, cpu, code = run(b, year, folder)
                print(f"{name}\t{size / 1024:.0f} KB\t{os.path.basename(b)}\t{rss:.0f} MB\t{wall} wall\t{cpu:.2f} s CPU\texit {code}", flush=True)

if __name__ == "__main__":
    main()
