//! Writes `tests/fixtures/mail/script.msg`: an Outlook item (MS-OXMSG) with a
//! Japanese-named workbook attached, built here with the `cfb` crate — **not
//! made by Outlook**; Outlook's own samples are `ascii.msg` and `attachment.msg`
//! beside it (from the `msg_parser` crate). `cargo run --example make-msg`.
//!
//! The item: PR_SUBJECT, PR_SENDER_NAME, PR_SENDER_EMAIL_ADDRESS,
//! PR_SENDER_SMTP_ADDRESS, PR_TRANSPORT_MESSAGE_HEADERS (with the Date),
//! PR_CLIENT_SUBMIT_TIME, a plain body, an empty named-property map, and one
//! attachment by value: 桑名市.xlsx (PR_ATTACH_LONG_FILENAME, PR_ATTACH_DATA_BIN).

use std::io::Write;
use std::path::Path;

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).chain([0, 0]).collect()
}

fn put(file: &mut cfb::CompoundFile<std::fs::File>, path: &str, bytes: &[u8]) {
    file.create_stream(path).unwrap().write_all(bytes).unwrap();
}

/// A fixed-size property entry: tag, flags (readable, writable), value.
fn entry(tag: u32, value: [u8; 8]) -> Vec<u8> {
    let mut e = tag.to_le_bytes().to_vec();
    e.extend(6u32.to_le_bytes());
    e.extend(value);
    e
}

/// A variable-size property's entry: its stream's size.
fn sized(tag: u32, size: usize) -> Vec<u8> {
    let mut v = [0u8; 8];
    v[..4].copy_from_slice(&(size as u32).to_le_bytes());
    entry(tag, v)
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let workbook = std::fs::read(root.join("libreoffice/xlsx/桑名市.xlsx")).unwrap();
    let out = root.join("mail/script.msg");
    let mut file = cfb::create(&out).unwrap();

    let strings: [(u32, String); 6] = [
        (0x001A_001F, "IPM.Note".into()),
        (0x0037_001F, "【回答】取組状況（桑名市）Outlook".into()),
        (0x0C1A_001F, "桑名市 長寿介護課".into()),
        (0x0C1F_001F, "kaigo@city.kuwana.example.jp".into()),
        (0x5D01_001F, "kaigo@city.kuwana.example.jp".into()),
        (0x1000_001F, "桑名市の回答を送付します。\r\n".into()),
    ];
    let headers = "From: kaigo@city.kuwana.example.jp\r\nTo: kenko@pref.mie.example.jp\r\nDate: Tue, 22 Oct 2019 10:11:12 +0900\r\nSubject: answer\r\n";
    // 2019-10-22T01:11:12Z as a FILETIME
    let submit: u64 = (1_571_706_672 + 11_644_473_600) * 10_000_000;

    let mut props = vec![0u8; 8];
    props.extend(1u32.to_le_bytes()); // next recipient id
    props.extend(1u32.to_le_bytes()); // next attachment id
    props.extend(0u32.to_le_bytes()); // recipients
    props.extend(1u32.to_le_bytes()); // attachments
    props.extend([0u8; 8]);
    props.extend(entry(0x0039_0040, submit.to_le_bytes()));
    for (tag, text) in &strings {
        let bytes = utf16(text);
        props.extend(sized(*tag, bytes.len()));
        put(&mut file, &format!("/__substg1.0_{tag:08X}"), &bytes);
    }
    let h = utf16(headers);
    props.extend(sized(0x007D_001F, h.len()));
    put(&mut file, "/__substg1.0_007D001F", &h);
    put(&mut file, "/__properties_version1.0", &props);

    file.create_storage("/__nameid_version1.0").unwrap();
    for s in ["00020102", "00030102", "00040102"] {
        put(&mut file, &format!("/__nameid_version1.0/__substg1.0_{s}"), &[]);
    }

    let at = "/__attach_version1.0_#00000000";
    file.create_storage(at).unwrap();
    let mut props = vec![0u8; 8];
    props.extend(entry(0x3705_0003, [1, 0, 0, 0, 0, 0, 0, 0])); // by value
    for (tag, text) in [(0x3707_001F_u32, "桑名市.xlsx"), (0x3704_001F, "KUWANA~1.XLS"), (0x3001_001F, "桑名市.xlsx")] {
        let bytes = utf16(text);
        props.extend(sized(tag, bytes.len()));
        put(&mut file, &format!("{at}/__substg1.0_{tag:08X}"), &bytes);
    }
    props.extend(sized(0x3701_0102, workbook.len()));
    put(&mut file, &format!("{at}/__substg1.0_37010102"), &workbook);
    put(&mut file, &format!("{at}/__properties_version1.0"), &props);
    // fixed times on the storages (cfb stamps them with now): the same bytes on every run
    let when = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_571_706_672);
    for storage in ["/__nameid_version1.0", at] {
        file.set_created_time(storage, when).unwrap();
        file.set_modified_time(storage, when).unwrap();
    }
    file.flush().unwrap();
    println!("{} {} bytes", out.display(), std::fs::metadata(&out).unwrap().len());
}
