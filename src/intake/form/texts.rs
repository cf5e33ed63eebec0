//! The printed texts of a form: every fixed cell, sheet by sheet, in the words of the
//! form's version (what the writer prints and the reader knows as the form's own).

use super::*;

/// How a fixed cell looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Title,
    Label,
    Header,
    Info,
    Note,
    /// The paired table's row numbers: labels, but unlocked so that the row can be deleted.
    RowNumber,
}

/// A cell the form prints and the sender does not answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Fixed {
    pub sheet: String,
    pub row: u32,
    pub col: u16,
    pub text: String,
    pub style: Style,
}

/// `令和元年度（2019年度）`.
pub fn year_label(fy: i32) -> String {
    format!("{}（{fy}年度）", crate::model::era::fiscal_year(fy))
}

fn deadline_label(deadline: &str) -> String {
    match crate::model::Date::parse(deadline) {
        Ok(d) => crate::model::era::date(d.year, d.month, d.day),
        Err(_) => deadline.to_string(),
    }
}

fn members_label(meta: &Meta, word: &str) -> String {
    let names: Vec<&str> = meta.members.iter().map(|m| m.name.as_str()).collect();
    match (meta.kind, &meta.code) {
        (Kind::Centre, _) => format!("{}{}", members_prefix(word), names.join("、")),
        (Kind::Unit, _) if !names.is_empty() => format!("{}{}", members_prefix(word), names.join("、")),
        (Kind::Unit, Some(code)) => format!("{}{code}", code_prefix(word)),
        (Kind::Unit, None) | (Kind::Prefecture, _) => String::new(),
    }
}

/// D1 of the answer sheet: 「構成市町：」 and its members (a union's, a centre's), by the unit word.
pub fn members_prefix(word: &str) -> String {
    format!("構成{word}：")
}

/// D1 of a municipality's answer sheet: 「市町コード：」 and its code, by the unit word.
pub fn code_prefix(word: &str) -> String {
    format!("{word}コード：")
}

/// The unit words a form's D1 may use: the survey's, and 市町 of the forms before version 6.
pub fn unit_words(schema_word: &str) -> [&str; 2] {
    [schema_word, "市町"]
}

/// The word the fixed labels of a form of `meta`'s version name units by.
fn unit_word<'a>(meta: &Meta, schema: &'a Schema) -> &'a str {
    if meta.version >= 6 { &schema.unit_word } else { "市町" }
}

/// The label cell of the unit on the answer sheets (A1) and its value cell (B1).
pub fn who_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Unit => "提出単位",
        Kind::Centre => "広域",
        Kind::Prefecture => "都道府県",
    }
}

/// Every fixed cell of the form, sheet by sheet (the marker sheet aside): the prefecture's, or a
/// unit's or centre's from its `schema`.
pub(super) fn fixed_cells(meta: &Meta, survey: &Survey, schema: Option<&Schema>) -> Vec<Fixed> {
    let mut out = Vec::new();
    let mut put = |sheet: &str, row: u32, col: u16, text: String, style: Style| {
        if !text.is_empty() {
            out.push(Fixed { sheet: sheet.to_string(), row, col, text, style });
        }
    };
    let fy = year_label(meta.fiscal_year);
    let Some(schema) = schema.filter(|_| meta.kind != Kind::Prefecture) else {
        prefecture_fixed(meta, &fy, &mut put);
        return out;
    };
    if meta.version < 2 {
        for (sheet, text) in V1_TEXTS {
            let sheet = if sheet == SHEET_GUIDE { SHEET_GUIDE } else { schema.table_sheet.as_str() };
            put(sheet, u32::MAX, 0, text.to_string(), Style::Info);
        }
    }
    guide_fixed(meta, survey, schema, &fy, &mut put);
    items_fixed(meta, schema, &fy, &mut put);
    if schema.table.is_some() {
        table_fixed(meta, schema, &fy, &mut put);
    }
    if meta.version >= 3 {
        put(SHEET_CONTACT, 0, COL_A, who_label(meta.kind).into(), Style::Label);
        put(SHEET_CONTACT, 0, COL_B, meta.name.clone(), Style::Info);
        put(SHEET_CONTACT, 1, COL_A, "項目".into(), Style::Header);
        put(SHEET_CONTACT, 1, COL_B, "内容".into(), Style::Header);
        for (i, (_, label)) in CONTACT_FIELDS.iter().enumerate() {
            put(SHEET_CONTACT, CONTACT_ROW0 + i as u32, COL_A, (*label).into(), Style::Label);
        }
        let note = "※照会・督促・差し戻しのメールの宛先になります。資料には載りません。";
        put(SHEET_CONTACT, CONTACT_ROW0 + CONTACT_FIELDS.len() as u32 + 1, COL_A, note.into(), Style::Note);
    }
    out
}

/// Texts of the version-1 form (the 2018 survey, before `survey.toml`) that today's wording replaced: a
/// form of version 1 sent out before an upgrade still carries them, and they are its own, not answers.
const V1_TEXTS: [(&str, &str); 2] = [
    (SHEET_GUIDE, "・「課題と取組」シートには、連携拠点（名称・運営主体）、目指すべき方向性、課題と今後１年間の主な取組予定を記入してください。取組が複数ある課題は、２行目以降の課題欄を空欄にしてください。"),
    ("table", "※取組が複数ある課題は、２行目以降の課題欄を空欄にしてください。"),
];

type Put<'a> = dyn FnMut(&str, u32, u16, String, Style) + 'a;

/// 案内: who, deadline, contact, how to fill, and what each item means.
fn guide_fixed(meta: &Meta, survey: &Survey, schema: &Schema, fy: &str, put: &mut Put) {
    let g = SHEET_GUIDE;
    put(g, 0, 0, format!("{}　{}　照会様式（{fy}）", meta.prefecture, survey.title), Style::Title);
    let mut r = 2;
    let unit = meta.kind == Kind::Unit;
    let who = if unit { meta.name.clone() } else { format!("{}（広域の欄）", meta.name) };
    for (label, value) in [
        ("提出単位", who),
        ("", members_label(meta, unit_word(meta, schema))),
        ("提出期限", deadline_label(&meta.deadline)),
        ("問い合わせ先", meta.contact.clone()),
    ] {
        put(g, r, 0, label.to_string(), Style::Label);
        put(g, r, 1, value, Style::Info);
        r += 1;
    }
    r += 1;
    put(g, r, 0, "記入のしかた".into(), Style::Label);
    for line in how_to_fill(meta, survey, schema) {
        put(g, r, 1, format!("・{line}"), Style::Info);
        r += 1;
    }
    r += 1;
    put(g, r, 0, "項目".into(), Style::Header);
    put(g, r, 1, "内容".into(), Style::Header);
    r += 1;
    for item in survey.items.iter().filter(|i| schema.items.iter().any(|s| s.key == i.key)) {
        put(g, r, 0, item.label(), Style::Label);
        put(g, r, 1, item.guidance.clone(), Style::Info);
        r += 1;
    }
}

/// The guidance's lines on how to fill the form.
fn how_to_fill(meta: &Meta, survey: &Survey, schema: &Schema) -> Vec<String> {
    let unit = meta.kind == Kind::Unit;
    let items = &schema.items_sheet;
    let marks = match (schema.items.first(), schema.items.last()) {
        (Some(a), Some(b)) => format!("{}〜{}", a.mark, b.mark),
        _ => String::new(),
    };
    let w = unit_word(meta, schema);
    let mut how: Vec<String> = Vec::new();
    if unit {
        how.push(format!("「{items}」シートの{marks}の欄に、取組を１行に１つ、「・」で始めて記入してください（セル内の改行は Alt＋Enter）。"));
    } else {
        how.push(format!("「{items}」シートの{marks}の欄に、構成{w}が広域で（共同で）行う取組を、１行に１つ「・」で始めて記入してください（セル内の改行は Alt＋Enter）。"));
    }
    how.push("「・」で始まらない行は、直前の取組の補足（注記）として扱います。".into());
    how.push(format!(
        "公表しない行は、行の先頭に「{}」と書いてください（例: {}・○○との個別調整）。その行は会議資料にも公開用のデータにも載りません。",
        crate::model::private::MARK,
        crate::model::private::MARK
    ));
    if unit && !meta.own_only {
        how.push("取組がない項目は「―」と入力してください。空欄のままでは受け付けられません。".into());
    } else if unit {
        how.push(format!("この区域には広域の取組があるため、この様式には{w}単独の取組を記入します。{w}単独の取組がない項目は「―」、区域内のどの{w}にも{w}単独の欄がない項目は空欄のままにしてください。"));
    } else {
        how.push("広域の取組がない項目は空欄のままにしてください。".into());
    }
    if unit {
        how.push(format!("他の{w}と共同で実施している欄は、右の「共同実施の相手」欄に相手の{w}名を「、」区切りで記入し、相手の{w}と同じ内容を記入してください（色の付いた欄は前回の共同実施の欄です）。"));
        if let Some(t) = &schema.table {
            let fields: Vec<String> = survey
                .fields
                .iter()
                .map(|f| if f.kind == FieldKind::Bracketed { format!("{}（名称・{}）", f.name, f.bracket) } else { f.name.clone() })
                .collect();
            let mut parts = fields.join("、");
            if !parts.is_empty() {
                parts.push('、');
            }
            how.push(format!(
                "「{}」シートには、{parts}{}と{}を記入してください。{}が同じ行が複数ある場合は、２行目以降の{}欄を空欄にしてください。",
                schema.table_sheet,
                t.first,
                t.columns.join("・"),
                t.first,
                t.first
            ));
        }
    }
    how.push("シートの名前・並び・表示は変えず、セルを結合しないでください。記入欄以外に入力された内容は取り込まれません。".into());
    how.push("行は挿入・削除して構いません（項目の行の下に挿入した行は、その項目の続きとして読み取ります）。".into());
    how.push(format!("この様式は「{}」の{}用です。ファイル名は変えても構いません。", meta.name, year_label(meta.fiscal_year)));
    how
}

/// The items sheet: who, headers, each item's mark and name, the note.
fn items_fixed(meta: &Meta, schema: &Schema, fy: &str, put: &mut Put) {
    let s = schema.items_sheet.as_str();
    put(s, 0, COL_A, who_label(meta.kind).into(), Style::Label);
    put(s, 0, COL_B, meta.name.clone(), Style::Info);
    put(s, 0, COL_C, fy.to_string(), Style::Info);
    put(s, 0, COL_D, members_label(meta, unit_word(meta, schema)), Style::Info);
    put(s, schema::HEAD_ROW, COL_A, "番号".into(), Style::Header);
    put(s, schema::HEAD_ROW, COL_B, "項目".into(), Style::Header);
    let w = unit_word(meta, schema);
    let answer = match (meta.kind, meta.own_only) {
        (Kind::Centre, _) => "取組状況（広域）".to_string(),
        (Kind::Unit, true) => format!("取組状況（{w}単独）"),
        (Kind::Unit, false) => "取組状況".to_string(),
        (Kind::Prefecture, _) => String::new(),
    };
    put(s, schema::HEAD_ROW, COL_C, answer, Style::Header);
    if schema.item_partners {
        put(s, schema::HEAD_ROW, COL_D, format!("共同実施の相手（{w}名を「、」区切り）"), Style::Header);
    }
    for (i, item) in schema.items.iter().enumerate() {
        let row = Schema::item_row(i);
        put(s, row, COL_A, item.mark.clone(), Style::Label);
        put(s, row, COL_B, item.name.clone(), Style::Label);
    }
    put(s, schema.item_note_row(), COL_A, format!("※記入のしかたは「{SHEET_GUIDE}」シートをご覧ください。"), Style::Note);
}

/// The table sheet: who, the fields' labels, the paired table's headers and row numbers.
fn table_fixed(meta: &Meta, schema: &Schema, fy: &str, put: &mut Put) {
    let Some(t) = &schema.table else { return };
    let s = schema.table_sheet.as_str();
    put(s, 0, COL_A, who_label(meta.kind).into(), Style::Label);
    put(s, 0, COL_B, meta.name.clone(), Style::Info);
    put(s, 0, COL_C, fy.to_string(), Style::Info);
    put(s, schema::HEAD_ROW, COL_A, "区分".into(), Style::Header);
    put(s, schema::HEAD_ROW, COL_B, "名称・内容".into(), Style::Header);
    // Column C holds the bracketed parts: named by them (運営主体), else generically.
    let brackets: Vec<&str> = schema.fields.iter().filter(|f| f.kind == FieldKind::Bracketed).map(|f| f.bracket.as_str()).collect();
    let c = if brackets.is_empty() || brackets.iter().any(|b| b.is_empty()) { "（　）内".to_string() } else { brackets.join("・") };
    put(s, schema::HEAD_ROW, COL_C, c, Style::Header);
    put(s, schema::HEAD_ROW, COL_D, format!("共同の相手（{}名）", unit_word(meta, schema)), Style::Header);
    for (i, f) in schema.fields.iter().enumerate() {
        put(s, Schema::field_row(i), COL_A, f.label.clone(), Style::Label);
    }
    let head = schema.table_head();
    put(s, head, COL_A, "行".into(), Style::Header);
    put(s, head, COL_B, t.first.clone(), Style::Header);
    for (j, c) in t.columns.iter().enumerate() {
        put(s, head, COL_C + j as u16, c.clone(), Style::Header);
    }
    if let Some(col) = schema.table_partners() {
        put(s, head, col, format!("共同の相手（{}名）", unit_word(meta, schema)), Style::Header);
    }
    for i in 0..meta.table_rows {
        put(s, head + 1 + i, COL_A, (i + 1).to_string(), Style::RowNumber);
    }
    put(
        s,
        head + meta.table_rows + 2,
        COL_A,
        format!("※{}が同じ行が複数ある場合は、２行目以降の{}欄を空欄にしてください。", t.first, t.first),
        Style::Note,
    );
}

/// The prefecture's form: guidance and the labels of 予定表, 事業 and 区域.
fn prefecture_fixed(meta: &Meta, fy: &str, put: &mut Put) {
    prefecture_guide(meta, fy, put);
    if meta.version >= 2 {
        sheet_head(meta, fy, put, SHEET_PACKET);
        for (i, (_, label)) in PACKET_FIELDS.iter().enumerate() {
            put(SHEET_PACKET, PACKET_ROW0 + i as u32, COL_A, (*label).into(), Style::Label);
        }
    }
    if meta.version >= 4 {
        for (i, (_, label)) in REQUEST_FIELDS.iter().enumerate() {
            put(SHEET_PACKET, REQUEST_ROW0 + i as u32, COL_A, (*label).into(), Style::Label);
        }
        contacts_fixed(meta, fy, &mut *put);
    }
    let s = SHEET_SCHEDULE;
    sheet_head(meta, fy, put, s);
    for (row, label) in [
        (SCHED_TITLE, "表題"),
        (SCHED_FIRST, "最初の月（YYYY-MM）"),
        (SCHED_LAST, "最後の月（YYYY-MM）"),
        (SCHED_BANDS, "行の区分（１行に１つ）"),
        (SCHED_NOTES, "※注記（１行に１つ）"),
    ] {
        put(s, row, COL_A, label.into(), Style::Label);
    }
    numbered_table(put, s, EVENT_HEAD, &EVENT_COLS, meta.event_rows);
    numbered_table(put, s, text_head(meta), &TEXT_COLS, meta.text_rows);
    let s = SHEET_PROGRAMMES;
    sheet_head(meta, fy, put, s);
    for (row, label) in [
        (PROG_TITLES, "ページ見出し（１行に１ページ）"),
        (PROG_INTRO, "○前文（１行に１つ）"),
        (PROG_NOTES, "※注記（１行に１つ）"),
        (PROG_COLUMNS, "列見出し（１行に１つ）"),
    ] {
        put(s, row, COL_A, label.into(), Style::Label);
    }
    numbered_table(put, s, PROG_HEAD, &PROG_COLS, meta.programme_rows);
    let s = SHEET_BLOCKS;
    sheet_head(meta, fy, put, s);
    put(s, BLOCK_DEFAULT_NOTE, COL_A, "※注記（共通）".into(), Style::Label);
    numbered_table(put, s, BLOCK_HEAD, &BLOCK_COLS, meta.block_rows);
}

/// The prefecture's 案内: its title and how each sheet is filled.
fn prefecture_guide(meta: &Meta, fy: &str, put: &mut Put) {
    let g = SHEET_GUIDE;
    let parts = match meta.version {
        0 | 1 => "予定表・事業・区域",
        2 | 3 => "会議・予定表・事業・区域",
        _ => "会議・予定表・事業・区域・連絡先",
    };
    put(g, 0, 0, format!("{}　資料（{parts}）の県の記入欄（{fy}）", meta.prefecture), Style::Title);
    put(g, 2, 0, "記入のしかた".into(), Style::Label);
    let packet = if meta.version >= 4 {
        format!("「{SHEET_PACKET}」：会議名、資料番号、開催日と照会の提出期限（YYYY-MM-DD、令和元年12月11日のような和暦も可）、照会の問い合わせ先。照会文書（鑑文）の文書番号・日付・宛先・発信者と、照会・督促の下書きの差出人メール（任意）。")
    } else {
        format!("「{SHEET_PACKET}」：会議名、資料番号、開催日と照会の提出期限（YYYY-MM-DD、令和元年12月11日のような和暦も可）、照会の問い合わせ先。")
    };
    let mut how = vec![
        packet,
        format!("「{SHEET_SCHEDULE}」：表題、最初と最後の月（YYYY-MM）、行の区分（１行に１つ）、※注記（１行に１つ）。行事は１行に１つ：区分・内容と、１日の行事は日付（YYYY-MM-DD）、期間の行事は開始月・終了月（YYYY-MM）、議題（１行に１つ）。文字の欄も１行に１つです。"),
        format!("「{SHEET_PROGRAMMES}」：ページ見出し（１行に１ページ）、○前文、※注記、列見出し（４つ）。表は事業の行ごとに１行で、事業名は事業の最初の行だけに記入し、事業概要・主な取組・今後の方向性は１行に１つ記入します。"),
        format!("「{SHEET_BLOCKS}」：共通の※注記。表は○まとめ１つにつき１行で、区域名・区域（「、」区切り）・列の提出単位（１行に１つ、左から順に）・※注記（この区域だけ異なる場合）は区域の最初の行だけに記入します。"),
        "「○」「※」は記入不要です（資料で付けます）。記入欄以外に入力された内容は取り込まれません。シートの名前・並び・表示は変えないでください。".into(),
    ];
    if meta.version >= 4 {
        let line = format!("「{SHEET_CONTACTS}」：提出単位・広域ごとに１行、担当課・担当者・電話・メールとCC（複数は「、」区切り）。照会・督促・差し戻しのメールの宛先になります（資料には載りません）。名称は変えられません。");
        how.insert(4, line);
    }
    for (i, line) in how.into_iter().enumerate() {
        put(g, 2 + i as u32, 1, format!("・{line}"), Style::Info);
    }
}

/// A prefecture sheet's first two rows: who and the year, then 項目 / 内容.
fn sheet_head(meta: &Meta, fy: &str, put: &mut Put, s: &str) {
    put(s, 0, COL_A, "都道府県".into(), Style::Label);
    put(s, 0, COL_B, meta.prefecture.clone(), Style::Info);
    put(s, 0, COL_C, fy.to_string(), Style::Info);
    put(s, 1, COL_A, "項目".into(), Style::Header);
    put(s, 1, COL_B, "内容".into(), Style::Header);
}

/// A table's header row and its `rows` rows numbered from 1 in column A.
fn numbered_table(put: &mut Put, sheet: &str, head: u32, cols: &Columns, rows: u32) {
    table_head(&mut *put, sheet, head, cols);
    for i in 0..rows {
        put(sheet, head + 1 + i, COL_A, (i + 1).to_string(), Style::Label);
    }
}

/// 連絡先: who, the headers, each unit's and centre's name, the note.
fn contacts_fixed(meta: &Meta, fy: &str, put: &mut Put) {
    let s = SHEET_CONTACTS;
    put(s, 0, COL_A, "都道府県".into(), Style::Label);
    put(s, 0, COL_B, meta.prefecture.clone(), Style::Info);
    put(s, 0, COL_C, fy.to_string(), Style::Info);
    put(s, CONTACTS_HEAD, COL_A, "名称".into(), Style::Header);
    for (c, (_, h)) in CONTACTS_COLS.iter().enumerate() {
        put(s, CONTACTS_HEAD, COL_B + c as u16, (*h).into(), Style::Header);
    }
    for (i, name) in meta.contact_names.iter().enumerate() {
        put(s, CONTACTS_ROW0 + i as u32, COL_A, name.clone(), Style::Label);
    }
    let who = if meta.version >= 6 { "各提出単位" } else { "各市町" };
    let note = format!("※照会・督促・差し戻しのメールの宛先になります。資料には載りません。{who}が様式の「回答者」シートに記入した内容でも更新されます。");
    put(s, CONTACTS_ROW0 + meta.contact_names.len() as u32 + 1, COL_A, note, Style::Note);
}

/// A table's header row: 行, then its columns' headers.
fn table_head(put: &mut Put, sheet: &str, row: u32, cols: &Columns) {
    put(sheet, row, COL_A, "行".into(), Style::Header);
    for (c, (_, h)) in cols.iter().enumerate() {
        put(sheet, row, COL_B + c as u16, (*h).into(), Style::Header);
    }
}
