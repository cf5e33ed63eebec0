"""The tables of an HTML page as JSON, read with Python's html.parser (tests/publish_html.rs).

Prints {"tables": [{"id", "caption", "ths": {id: text}, "tds": [{"text", "headers", "joint"}]}],
"h1": [...], "h2": [...]}. A cell's text keeps its lines (<br> is a newline); the 共同 tag
(<span class="joint">) is left out of the text and reported as "joint".
"""

import json
import sys
from html.parser import HTMLParser


class Tables(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables = []
        self.headings = {"h1": [], "h2": []}
        self.cell = None  # the open th/td: a dict
        self.heading = None  # the open h1/h2: [tag, text]
        self.caption = None
        self.joint_depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.tables.append({"id": a.get("id", ""), "caption": "", "ths": {}, "tds": []})
        elif tag == "caption":
            self.caption = []
        elif tag in ("th", "td"):
            self.cell = {"tag": tag, "id": a.get("id"), "headers": (a.get("headers") or "").split(), "text": [], "joint": False}
        elif tag == "br" and self.cell is not None:
            self.cell["text"].append("\n")
        elif tag == "span" and "joint" in (a.get("class") or "").split():
            self.joint_depth = 1
            if self.cell is not None:
                self.cell["joint"] = True
        elif tag == "span" and self.joint_depth:
            self.joint_depth += 1
        elif tag in ("h1", "h2"):
            self.heading = [tag, []]

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self.cell is not None:
            c, self.cell = self.cell, None
            text = "".join(c["text"]).strip()
            t = self.tables[-1]
            if c["tag"] == "th":
                t["ths"][c["id"]] = text
            else:
                t["tds"].append({"text": text, "headers": c["headers"], "joint": c["joint"]})
        elif tag == "caption" and self.caption is not None:
            self.tables[-1]["caption"] = "".join(self.caption).strip()
            self.caption = None
        elif tag == "span" and self.joint_depth:
            self.joint_depth -= 1
        elif tag in ("h1", "h2") and self.heading is not None:
            self.headings[tag].append(" ".join("".join(self.heading[1]).split()))
            self.heading = None

    def handle_data(self, data):
        if self.heading is not None:
            self.heading[1].append(data)
        if self.caption is not None:
            self.caption.append(data)
        if self.cell is not None and not self.joint_depth:
            self.cell["text"].append(data)


def main():
    p = Tables()
    with open(sys.argv[1], encoding="utf-8") as f:
        p.feed(f.read())
    p.close()
    json.dump({"tables": p.tables, **p.headings}, sys.stdout, ensure_ascii=False)


main()
