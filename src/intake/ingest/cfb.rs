//! Just enough of the Compound File Binary format (OLE2, the container of
//! `.xls` and of password-protected Office files) to look inside before
//! calamine does: the directory's names (an `EncryptedPackage` is a
//! password-protected workbook) and the `Workbook` stream, whose BIFF records
//! tell how large a grid calamine would allocate.
//!
//! Every offset is checked and every chain is bounded by the sector count,
//! so hostile input gives `None`, never a panic or an endless loop.
//!
//! calamine 0.38's own reader indexes and slices without checking (the fuzzer
//! found a mini-sector past the mini stream, `tests/it/fuzz_regressions.rs`), so
//! this reader walks the same chains calamine will walk, the same way, but
//! strictly: a workbook is handed to calamine only if every sector it will
//! touch is whole and inside the file ([`Cfb::safe_for_calamine`]).

const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const MAX_REGULAR: u32 = 0xFFFF_FFFA;

pub fn is_cfb(bytes: &[u8]) -> bool {
    bytes.starts_with(&SIGNATURE)
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// A directory entry: name, first sector, size.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    start: u32,
    size: u64,
}

pub struct Cfb<'a> {
    bytes: &'a [u8],
    sector: usize,
    fat: Vec<u32>,
    mini_fat: Vec<u32>,
    mini_stream: Vec<u8>,
    pub entries: Vec<Entry>,
}

impl<'a> Cfb<'a> {
    pub fn parse(bytes: &'a [u8]) -> Option<Cfb<'a>> {
        if !is_cfb(bytes) || bytes.len() < 512 {
            return None;
        }
        let shift = u16_at(bytes, 0x1E)?;
        if shift != 9 && shift != 12 {
            return None;
        }
        let sector = 1usize << shift;
        let sectors = bytes.len() / sector;
        let mut cfb = Cfb {
            bytes,
            sector,
            fat: Vec::new(),
            mini_fat: Vec::new(),
            mini_stream: Vec::new(),
            entries: Vec::new(),
        };
        // FAT sectors: 109 in the header, then the DIFAT chain.
        let mut fat_sectors: Vec<u32> = (0..109).filter_map(|i| u32_at(bytes, 0x4C + 4 * i)).collect();
        let mut difat = u32_at(bytes, 0x44)?;
        let mut steps = 0;
        while difat <= MAX_REGULAR {
            steps += 1;
            if steps > sectors {
                return None;
            }
            let data = cfb.sector_data(difat)?;
            let n = sector / 4;
            fat_sectors.extend((0..n - 1).filter_map(|i| u32_at(data, 4 * i)));
            difat = u32_at(data, 4 * (n - 1))?;
        }
        for s in fat_sectors.into_iter().filter(|s| *s <= MAX_REGULAR) {
            let data = cfb.sector_data(s)?;
            cfb.fat.extend((0..sector / 4).filter_map(|i| u32_at(data, 4 * i)));
        }
        let dir = cfb.chain(u32_at(bytes, 0x30)?, None)?;
        for raw in dir.chunks_exact(128) {
            // As calamine reads a name: all 32 units, cut at the first NUL.
            let units: Vec<u16> = (0..32).filter_map(|i| u16_at(raw, 2 * i)).collect();
            let mut name = String::from_utf16_lossy(&units);
            if let Some(nul) = name.find('\0') {
                name.truncate(nul);
            }
            let start = u32_at(raw, 0x74)?;
            // 512-byte sectors (version 3) keep only the low half of the size.
            let high = if sector == 512 { 0 } else { u32_at(raw, 0x7C)? };
            let size = u64::from(u32_at(raw, 0x78)?) | (u64::from(high) << 32);
            cfb.entries.push(Entry { name, start, size });
        }
        let root = cfb.entries.first()?.clone();
        // The mini stream and its FAT, read only when the header counts mini-FAT sectors (as calamine does).
        let mini_fat_sectors = u64::from(u32_at(bytes, 0x40)?);
        if mini_fat_sectors > 0 {
            cfb.mini_stream = cfb.chain(root.start, Some(root.size))?;
            let mini_fat = cfb.chain(u32_at(bytes, 0x3C)?, Some(mini_fat_sectors * sector as u64))?;
            cfb.mini_fat = (0..mini_fat.len() / 4).filter_map(|i| u32_at(&mini_fat, 4 * i)).collect();
        }
        Some(cfb)
    }

    fn sector_data(&self, id: u32) -> Option<&'a [u8]> {
        let at = (id as usize).checked_add(1)?.checked_mul(self.sector)?;
        self.bytes.get(at..at.checked_add(self.sector)?)
    }

    /// The bytes of a chain of regular sectors, cut to `size`.
    fn chain(&self, start: u32, size: Option<u64>) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut id = start;
        let limit = self.bytes.len() / self.sector + 1;
        let mut steps = 0;
        while id != END_OF_CHAIN {
            if id > MAX_REGULAR {
                break;
            }
            steps += 1;
            if steps > limit {
                return None;
            }
            out.extend_from_slice(self.sector_data(id)?);
            if size.is_some_and(|s| out.len() as u64 >= s) {
                break;
            }
            id = *self.fat.get(id as usize)?;
        }
        if let Some(s) = size {
            out.truncate(usize::try_from(s).ok()?);
        }
        Some(out)
    }

    /// A chain of 64-byte mini sectors. Like calamine, the first sector is read
    /// even for an empty stream; unlike it, a sector outside the mini stream or
    /// a special id before the end is `None`.
    fn mini_chain(&self, start: u32, size: u64) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut id = start;
        let limit = self.mini_stream.len() / 64 + 1;
        let mut steps = 0;
        while id != END_OF_CHAIN {
            steps += 1;
            if id > MAX_REGULAR || steps > limit {
                return None;
            }
            let at = (id as usize).checked_mul(64)?;
            out.extend_from_slice(self.mini_stream.get(at..at.checked_add(64)?)?);
            if out.len() as u64 >= size {
                break;
            }
            id = *self.mini_fat.get(id as usize)?;
        }
        out.truncate(usize::try_from(size).ok()?);
        Some(out)
    }

    /// The first entry of that name, whatever its kind: the one calamine takes.
    fn find(&self, name: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.name.eq_ignore_ascii_case(name))
    }

    pub fn has(&self, name: &str) -> bool {
        self.find(name).is_some()
    }

    /// Whether every stream calamine reads from an `.xls` (the workbook, as
    /// `Workbook` or `Book`, and the two property sets) is whole and inside
    /// the file, by the chains calamine follows.
    pub fn safe_for_calamine(&self) -> bool {
        ["Workbook", "Book", "\u{5}SummaryInformation", "\u{5}DocumentSummaryInformation"]
            .iter()
            .all(|name| !self.has(name) || self.stream(name).is_some())
    }

    /// A stream's bytes by name.
    pub fn stream(&self, name: &str) -> Option<Vec<u8>> {
        let e = self.find(name)?;
        if e.size > self.bytes.len() as u64 {
            return None;
        }
        // calamine's cutoff is fixed at 4096, whatever the header says.
        if e.size < 4096 { self.mini_chain(e.start, e.size) } else { self.chain(e.start, Some(e.size)) }
    }
}

/// How many sheets (BoundSheet8 records) a BIFF workbook stream declares, as
/// calamine will count them; `None` for a stream that does not parse as records.
pub fn biff_sheet_count(stream: &[u8]) -> Option<usize> {
    let mut at = 0;
    let mut n = 0;
    while at + 4 <= stream.len() {
        let typ = u16_at(stream, at)?;
        let len = usize::from(u16_at(stream, at + 2)?);
        stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        if typ == 0x0085 {
            n += 1;
        }
    }
    Some(n)
}

/// The largest grid calamine would build for one sheet of a BIFF workbook
/// stream: rows × columns of the cell records' bounding box, and of each
/// `Dimensions` record (calamine reserves by it). `None` for a stream that
/// does not parse as records.
///
/// calamine reads each sheet from the offset its BoundSheet record gives,
/// which a hostile file can point into the middle of a record (the fuzzer
/// found one, `tests/it/fuzz_regressions.rs`): the records are walked from the
/// stream's start and again from every such offset.
pub fn biff_largest_grid(stream: &[u8]) -> Option<u64> {
    /// More sheets than any form has: refused rather than walked (each walk reads the stream).
    const MAX_SHEETS: usize = 256;
    let mut sheets = Vec::new();
    let mut largest = walk_records(stream, 0, Some(&mut sheets))?;
    sheets.sort_unstable();
    sheets.dedup();
    if sheets.len() > MAX_SHEETS {
        return None;
    }
    for at in sheets {
        largest = largest.max(walk_records(stream, at, None)?);
    }
    Some(largest)
}

/// The largest grid of the records from `at` on; notes BoundSheet offsets in `sheets`.
fn walk_records(stream: &[u8], mut at: usize, mut sheets: Option<&mut Vec<usize>>) -> Option<u64> {
    let mut largest = 0u64;
    let mut bbox = Bbox::default();
    while at + 4 <= stream.len() {
        let typ = u16_at(stream, at)?;
        let len = usize::from(u16_at(stream, at + 2)?);
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        match typ {
            // BOF, EOF: a new substream
            0x0809 | 0x000A => {
                largest = largest.max(bbox.area());
                bbox = Bbox::default();
            }
            0x0200 => match dimensions(data)? {
                Some(area) if area == u64::MAX => return Some(u64::MAX),
                Some(area) => largest = largest.max(area),
                None => {}
            },
            // Number, Label, RString, BoolErr, Formula, RK, LabelSst
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x0006 | 0x027E | 0x00FD => {
                bbox.note(u32::from(u16_at(data, 0)?), u32::from(u16_at(data, 2)?));
            }
            // BoundSheet8: the sheet's offset in the stream (calamine slices there
            // without checking; found by the fuzzer, tests/it/fuzz_regressions.rs)
            0x0085 => {
                let offset = u32_at(data, 0)? as usize;
                if offset > stream.len() {
                    return None;
                }
                if let Some(sheets) = sheets.as_deref_mut() {
                    sheets.push(offset);
                }
            }
            // MergeCells: a count, then 8 bytes each (calamine indexes without checking)
            0x00E5 => {
                let count = usize::from(u16_at(data, 0)?);
                if data.len() < 2 + 8 * count {
                    return None;
                }
            }
            // MulRk: row, first col, …, last col
            0x00BD if data.len() >= 6 => {
                let r = u32::from(u16_at(data, 0)?);
                let (c0, c1) = (u16_at(data, 2)?, u16_at(data, data.len() - 2)?);
                if c1 < c0 {
                    return Some(u64::MAX);
                }
                bbox.note(r, u32::from(c0));
                bbox.note(r, u32::from(c1));
            }
            _ => {}
        }
    }
    Some(largest.max(bbox.area()))
}

/// The grid a Dimensions record declares, as calamine reads it (rows first..last, cols
/// first..last, last exclusive): `Some(None)` when it declares none, `u64::MAX` where
/// calamine would underflow computing it, `None` for a record too short to read.
fn dimensions(data: &[u8]) -> Option<Option<u64>> {
    let (rf, rl, mut cf, cl) = match data.len() {
        10 => (u32::from(u16_at(data, 0)?), u32::from(u16_at(data, 2)?), u32::from(u16_at(data, 4)?), u32::from(u16_at(data, 6)?)),
        14 | 16 => (u32_at(data, 0)?, u32_at(data, 4)?, u32::from(u16_at(data, 8)?), u32::from(u16_at(data, 10)?)),
        _ => return Some(None),
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    if rl < 1 || cl < 1 {
        return Some(None);
    }
    let (r1, c1) = (rl - 1, cl - 1);
    if r1 < rf || c1 < cf {
        return Some(Some(u64::MAX));
    }
    Some(Some((u64::from(r1 - rf) + 1) * (u64::from(c1 - cf) + 1)))
}

/// The cells' extent in one substream: (min row, max row, min col, max col).
#[derive(Default)]
struct Bbox(Option<(u32, u32, u32, u32)>);

impl Bbox {
    fn note(&mut self, r: u32, c: u32) {
        self.0 = Some(match self.0 {
            None => (r, r, c, c),
            Some((r0, r1, c0, c1)) => (r0.min(r), r1.max(r), c0.min(c), c1.max(c)),
        });
    }

    fn area(&self) -> u64 {
        self.0.map_or(0, |(r0, r1, c0, c1)| (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1))
    }
}
