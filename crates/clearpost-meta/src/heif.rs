//! HEIF/HEIC and AVIF: a small bounds-checked ISO-BMFF walker (meta, iinf,
//! iloc, iref, iprp/ipco/ipma, idat) that rebuilds the file with only the
//! primary image and what drawing it needs (grid tiles, alpha), copying the
//! coded image data byte for byte.
//!
//! HEIC is multi-image: EXIF and XMP items, thumbnails, depth and HDR gain-map
//! auxiliary images, stereo pairs and burst frames all ride along with the
//! primary picture, and common strippers clean only the primary. No crate
//! rewrites these boxes without re-encoding, hence this walker.

use std::collections::{BTreeMap, BTreeSet};

use crate::report::{BlockKind, FindingKind, MetadataReport};
use crate::{exif, xmp, ImageFormat, MetaError};

/// Item properties that say how to decode or display an image; anything else
/// (user descriptions, timestamps, unknown boxes) is dropped.
const DRAWING_PROPERTIES: &[&[u8; 4]] = &[
    b"ispe", b"pixi", b"colr", b"hvcC", b"av1C", b"irot", b"imir", b"clap", b"auxC", b"pasp",
    b"rloc", b"lsel", b"a1op", b"a1lx", b"lhvC", b"oinf", b"tols", b"clli", b"mdcv", b"cclv",
    b"amve", b"vvcC", b"jpgC", b"uncC", b"cmpd", b"j2kH",
];
/// Meta children kept (rebuilt or copied); everything else in `meta` is dropped.
const MAX_DEPTH: usize = 8;

/// Boxes accepted side by side in one container. Real files have a handful
/// per level, or one per item in `iinf` and per property in `ipco` (a few
/// hundred for a tiled 48 MP photo); a flood of millions of 8-byte boxes would
/// only cost memory.
const MAX_BOXES_PER_LEVEL: usize = 65_536;

fn err(format: ImageFormat, reason: impl Into<String>) -> MetaError {
    MetaError::malformed(format.name(), reason)
}

/// One box: its type, the whole box bytes and the payload after the header.
#[derive(Clone, Copy)]
struct Bx<'a> {
    kind: [u8; 4],
    raw: &'a [u8],
    body: &'a [u8],
}

/// Splits `data` into boxes; fails on any size that does not fit.
fn boxes(data: &[u8], f: ImageFormat) -> Result<Vec<Bx<'_>>, MetaError> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < data.len() {
        let head = data
            .get(pos..pos + 8)
            .ok_or_else(|| err(f, "truncated box header"))?;
        let size32 = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as u64;
        let kind = [head[4], head[5], head[6], head[7]];
        let (size, header) = match size32 {
            0 => ((data.len() - pos) as u64, 8),
            1 => {
                let l = data
                    .get(pos + 8..pos + 16)
                    .ok_or_else(|| err(f, "truncated large box header"))?;
                (u64::from_be_bytes(l.try_into().unwrap_or([0; 8])), 16)
            }
            n => (n, 8),
        };
        if size < header as u64 || pos as u64 + size > data.len() as u64 {
            return Err(err(
                f,
                format!(
                    "box '{}' runs past its container",
                    String::from_utf8_lossy(&kind)
                ),
            ));
        }
        if out.len() == MAX_BOXES_PER_LEVEL {
            return Err(err(
                f,
                format!("more than {MAX_BOXES_PER_LEVEL} boxes side by side"),
            ));
        }
        let end = pos + size as usize;
        out.push(Bx {
            kind,
            raw: &data[pos..end],
            body: &data[pos + header..end],
        });
        pos = end;
    }
    Ok(out)
}

/// A cursor for big-endian fields with bounds checks.
struct Rd<'a> {
    data: &'a [u8],
    pos: usize,
    f: ImageFormat,
}

impl<'a> Rd<'a> {
    fn new(data: &'a [u8], f: ImageFormat) -> Self {
        Rd { data, pos: 0, f }
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8], MetaError> {
        let s = self
            .data
            .get(self.pos..self.pos.saturating_add(n))
            .ok_or_else(|| err(self.f, "truncated box"))?;
        self.pos += n;
        Ok(s)
    }
    fn uint(&mut self, n: usize) -> Result<u64, MetaError> {
        Ok(self.take(n)?.iter().fold(0u64, |a, &b| (a << 8) | b as u64))
    }
    fn u8(&mut self) -> Result<u8, MetaError> {
        Ok(self.uint(1)? as u8)
    }
    fn u16(&mut self) -> Result<u16, MetaError> {
        Ok(self.uint(2)? as u16)
    }
    fn u32(&mut self) -> Result<u32, MetaError> {
        Ok(self.uint(4)? as u32)
    }
    fn cstr(&mut self) -> Result<&'a [u8], MetaError> {
        let rest = &self.data[self.pos.min(self.data.len())..];
        let n = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
        let s = &rest[..n];
        self.pos += (n + 1).min(rest.len());
        Ok(s)
    }
    fn rest(&self) -> &'a [u8] {
        &self.data[self.pos.min(self.data.len())..]
    }
}

struct Item<'a> {
    kind: [u8; 4],
    content_type: String,
    raw: &'a [u8],
}

struct Location {
    method: u8,
    data_ref: u16,
    extents: Vec<(u64, u64)>,
}

struct Reference {
    kind: [u8; 4],
    from: u32,
    to: Vec<u32>,
}

/// The parsed file: what the rebuild and the report need.
struct Heif<'a> {
    f: ImageFormat,
    file: &'a [u8],
    ftyp: &'a [u8],
    other_top: Vec<Bx<'a>>,
    meta_children: Vec<Bx<'a>>,
    primary: u32,
    iinf_version: u8,
    items: BTreeMap<u32, Item<'a>>,
    locations: BTreeMap<u32, Location>,
    references: Vec<Reference>,
    ref_version: u8,
    properties: Vec<Bx<'a>>,
    /// item -> (essential, 1-based property index)
    associations: BTreeMap<u32, Vec<(bool, u16)>>,
    idat: &'a [u8],
}

fn parse(file: &[u8], f: ImageFormat) -> Result<Heif<'_>, MetaError> {
    let top = boxes(file, f)?;
    let ftyp = top
        .iter()
        .find(|b| &b.kind == b"ftyp")
        .ok_or_else(|| err(f, "no ftyp box"))?
        .raw;
    let meta = top.iter().find(|b| &b.kind == b"meta").ok_or_else(|| {
        MetaError::unsupported(f.name(), "no image items (an image sequence or video only)")
    })?;
    let meta_children = boxes(meta.body.get(4..).unwrap_or(&[]), f)?;
    let child = |k: &[u8; 4]| meta_children.iter().find(|b| &b.kind == k).copied();
    let mut heif = Heif {
        f,
        file,
        ftyp,
        other_top: top
            .iter()
            .filter(|b| !matches!(&b.kind, b"ftyp" | b"meta" | b"mdat"))
            .copied()
            .collect(),
        meta_children: meta_children.clone(),
        primary: 0,
        iinf_version: 0,
        items: BTreeMap::new(),
        locations: BTreeMap::new(),
        references: Vec::new(),
        ref_version: 0,
        properties: Vec::new(),
        associations: BTreeMap::new(),
        idat: child(b"idat").map(|b| b.body).unwrap_or(&[]),
    };
    let pitm = child(b"pitm").ok_or_else(|| err(f, "no primary item (pitm)"))?;
    let mut r = Rd::new(pitm.body, f);
    heif.primary = if r.u8()? == 0 {
        r.take(3)?;
        r.u16()? as u32
    } else {
        r.take(3)?;
        r.u32()?
    };
    if let Some(iinf) = child(b"iinf") {
        parse_iinf(&mut heif, iinf.body)?;
    }
    let iloc = child(b"iloc").ok_or_else(|| err(f, "no item locations (iloc)"))?;
    parse_iloc(&mut heif, iloc.body)?;
    if let Some(iref) = child(b"iref") {
        parse_iref(&mut heif, iref.body)?;
    }
    if let Some(iprp) = child(b"iprp") {
        for b in boxes(iprp.body, f)? {
            match &b.kind {
                b"ipco" => heif.properties = boxes(b.body, f)?,
                b"ipma" => parse_ipma(&mut heif, b.body)?,
                _ => {}
            }
        }
    }
    if !heif.items.contains_key(&heif.primary) {
        return Err(err(f, "the primary item is not declared"));
    }
    // Every extent must lie inside the file (or idat): refuse truncated files.
    for (id, loc) in &heif.locations {
        for &(off, len) in &loc.extents {
            let limit = if loc.method == 1 {
                heif.idat.len()
            } else {
                file.len()
            } as u64;
            if off.saturating_add(len) > limit {
                return Err(err(
                    f,
                    format!("item {id} data lies past the end of the file"),
                ));
            }
        }
    }
    let _ = MAX_DEPTH;
    Ok(heif)
}

fn parse_iinf<'a>(h: &mut Heif<'a>, body: &'a [u8]) -> Result<(), MetaError> {
    let mut r = Rd::new(body, h.f);
    let version = r.u8()?;
    r.take(3)?;
    h.iinf_version = version;
    let _count = if version == 0 {
        r.u16()? as u32
    } else {
        r.u32()?
    };
    for infe in boxes(r.rest(), h.f)? {
        if &infe.kind != b"infe" {
            continue;
        }
        let mut r = Rd::new(infe.body, h.f);
        let v = r.u8()?;
        r.take(3)?;
        if v < 2 {
            continue; // old-style entries describe files, not images
        }
        let id = if v == 2 { r.u16()? as u32 } else { r.u32()? };
        r.u16()?;
        let kind: [u8; 4] = r.take(4)?.try_into().unwrap_or([0; 4]);
        r.cstr()?;
        let content_type = if &kind == b"mime" {
            String::from_utf8_lossy(r.cstr()?).into_owned()
        } else {
            String::new()
        };
        h.items.insert(
            id,
            Item {
                kind,
                content_type,
                raw: infe.raw,
            },
        );
    }
    Ok(())
}

fn parse_iloc(h: &mut Heif<'_>, body: &[u8]) -> Result<(), MetaError> {
    let mut r = Rd::new(body, h.f);
    let version = r.u8()?;
    r.take(3)?;
    let sizes = r.u8()?;
    let (offset_size, length_size) = ((sizes >> 4) as usize, (sizes & 15) as usize);
    let sizes = r.u8()?;
    let base_size = (sizes >> 4) as usize;
    let index_size = if version >= 1 {
        (sizes & 15) as usize
    } else {
        0
    };
    for s in [offset_size, length_size, base_size, index_size] {
        if ![0, 4, 8].contains(&s) {
            return Err(err(h.f, "bad field size in iloc"));
        }
    }
    let count = if version < 2 {
        r.u16()? as u32
    } else {
        r.u32()?
    };
    for _ in 0..count {
        let id = if version < 2 {
            r.u16()? as u32
        } else {
            r.u32()?
        };
        let method = if version >= 1 {
            (r.u16()? & 15) as u8
        } else {
            0
        };
        let data_ref = r.u16()?;
        let base = r.uint(base_size)?;
        let n = r.u16()?;
        let mut extents = Vec::with_capacity(n as usize);
        for _ in 0..n {
            r.uint(index_size)?;
            let off = r.uint(offset_size)?;
            let len = r.uint(length_size)?;
            let off = base
                .checked_add(off)
                .ok_or_else(|| err(h.f, "iloc offset overflow"))?;
            // Length 0 means "to the end of the data".
            let len = if len == 0 {
                let limit = if method == 1 {
                    h.idat.len()
                } else {
                    h.file.len()
                } as u64;
                limit.saturating_sub(off)
            } else {
                len
            };
            extents.push((off, len));
        }
        h.locations.insert(
            id,
            Location {
                method,
                data_ref,
                extents,
            },
        );
    }
    Ok(())
}

fn parse_iref(h: &mut Heif<'_>, body: &[u8]) -> Result<(), MetaError> {
    let mut r = Rd::new(body, h.f);
    let version = r.u8()?;
    r.take(3)?;
    h.ref_version = version;
    for b in boxes(r.rest(), h.f)? {
        let mut r = Rd::new(b.body, h.f);
        let id = |r: &mut Rd<'_>| -> Result<u32, MetaError> {
            Ok(if version == 0 {
                r.u16()? as u32
            } else {
                r.u32()?
            })
        };
        let from = id(&mut r)?;
        let n = r.u16()?;
        let to = (0..n).map(|_| id(&mut r)).collect::<Result<Vec<_>, _>>()?;
        h.references.push(Reference {
            kind: b.kind,
            from,
            to,
        });
    }
    Ok(())
}

fn parse_ipma(h: &mut Heif<'_>, body: &[u8]) -> Result<(), MetaError> {
    let mut r = Rd::new(body, h.f);
    let version = r.u8()?;
    let flags = r.uint(3)?;
    let count = r.u32()?;
    for _ in 0..count {
        let id = if version < 1 {
            r.u16()? as u32
        } else {
            r.u32()?
        };
        let n = r.u8()?;
        let list = h.associations.entry(id).or_default();
        for _ in 0..n {
            let (essential, index) = if flags & 1 != 0 {
                let v = r.u16()?;
                (v & 0x8000 != 0, v & 0x7FFF)
            } else {
                let v = r.u8()?;
                (v & 0x80 != 0, (v & 0x7F) as u16)
            };
            list.push((essential, index));
        }
    }
    Ok(())
}

impl<'a> Heif<'a> {
    fn property(&self, index: u16) -> Option<&Bx<'a>> {
        (index as usize)
            .checked_sub(1)
            .and_then(|i| self.properties.get(i))
    }

    /// True for an auxiliary image that carries the alpha channel.
    fn is_alpha(&self, id: u32) -> bool {
        self.associations
            .get(&id)
            .into_iter()
            .flatten()
            .any(|&(_, i)| {
                self.property(i).is_some_and(|p| {
                    &p.kind == b"auxC" && {
                        let urn =
                            String::from_utf8_lossy(p.body.get(4..).unwrap_or(&[])).into_owned();
                        urn.contains("alpha")
                            || urn.contains("auxid:1\0")
                            || urn.ends_with("auxid:1")
                    }
                })
            })
    }

    /// The primary item and everything drawing it needs: derived-image inputs
    /// (grid tiles) and alpha planes, transitively.
    fn kept_items(&self) -> BTreeSet<u32> {
        let mut kept = BTreeSet::from([self.primary]);
        loop {
            let before = kept.len();
            for r in &self.references {
                if &r.kind == b"dimg" && kept.contains(&r.from) {
                    kept.extend(r.to.iter().copied());
                }
                if &r.kind == b"auxl"
                    && r.to.iter().any(|t| kept.contains(t))
                    && self.is_alpha(r.from)
                {
                    kept.insert(r.from);
                }
            }
            if kept.len() == before {
                return kept;
            }
        }
    }

    fn item_size(&self, id: u32) -> usize {
        self.locations
            .get(&id)
            .map(|l| l.extents.iter().map(|e| e.1 as usize).sum())
            .unwrap_or(0)
    }

    fn item_data(&self, id: u32) -> Vec<u8> {
        let Some(loc) = self.locations.get(&id) else {
            return Vec::new();
        };
        let source = if loc.method == 1 {
            self.idat
        } else {
            self.file
        };
        loc.extents
            .iter()
            .flat_map(|&(o, l)| {
                source
                    .get(o as usize..(o + l) as usize)
                    .unwrap_or(&[])
                    .iter()
                    .copied()
            })
            .collect()
    }

    fn refs_from(&self, id: u32, kind: &[u8; 4]) -> bool {
        self.references
            .iter()
            .any(|r| r.from == id && &r.kind == kind)
    }
}

/// Lists the items, properties and boxes that are not the primary picture.
pub(crate) fn inspect(bytes: &[u8], f: ImageFormat) -> Result<MetadataReport, MetaError> {
    let h = parse(bytes, f)?;
    let kept = h.kept_items();
    let mut report = MetadataReport::new(f);
    for (&id, item) in &h.items {
        if kept.contains(&id) {
            continue;
        }
        let kind = String::from_utf8_lossy(&item.kind).into_owned();
        let size = h.item_size(id);
        let at = format!("item {id} ({kind})");
        if &item.kind == b"Exif" {
            let data = h.item_data(id);
            // 4-byte offset to the TIFF header, then (usually) "Exif\0\0".
            let skip = data
                .get(..4)
                .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
                .unwrap_or(0);
            let tiff = data.get(4 + skip..).unwrap_or(&[]);
            let o = exif::describe(tiff, &at, &mut report);
            report.orientation = report.orientation.or(o);
        } else if &item.kind == b"mime" && item.content_type.contains("rdf+xml") {
            xmp::describe(&h.item_data(id), &at, &mut report);
        } else if &item.kind == b"mime" || &item.kind == b"uri " {
            report.block(
                BlockKind::Vendor,
                format!("{at} {}", item.content_type),
                size,
                false,
            );
            report.finding(
                FindingKind::Other,
                format!("{at}: metadata item {}", item.content_type),
            );
        } else if h.refs_from(id, b"thmb") {
            report.block(BlockKind::Thumbnail, format!("{at} thumbnail"), size, false);
            report.finding(
                FindingKind::Thumbnail,
                format!("thumbnail image item {id} ({size} bytes)"),
            );
        } else if h.refs_from(id, b"auxl") {
            report.block(
                BlockKind::ExtraImage,
                format!("{at} auxiliary image (depth, gain map...)"),
                size,
                false,
            );
            report.finding(
                FindingKind::Other,
                format!("auxiliary image item {id} (depth map, HDR gain map or matte)"),
            );
        } else {
            report.block(
                BlockKind::ExtraImage,
                format!("{at} other image or data"),
                size,
                false,
            );
            report.finding(FindingKind::Other, format!("additional item {id} ({kind}, {size} bytes): another picture, burst frame or derived image"));
        }
    }
    let used: BTreeSet<u16> = kept
        .iter()
        .flat_map(|id| {
            h.associations
                .get(id)
                .into_iter()
                .flatten()
                .map(|&(_, i)| i)
        })
        .collect();
    for &index in &used {
        if let Some(p) = h.property(index) {
            let name = String::from_utf8_lossy(&p.kind).into_owned();
            if &p.kind == b"colr" && matches!(p.body.get(..4), Some(b"prof") | Some(b"rICC")) {
                report.block(BlockKind::IccProfile, "colr ICC profile", p.raw.len(), true);
            } else if !DRAWING_PROPERTIES.contains(&&p.kind) {
                report.block(
                    BlockKind::Vendor,
                    format!("property '{name}'"),
                    p.raw.len(),
                    false,
                );
                report.finding(
                    FindingKind::Other,
                    format!("image property '{name}' (descriptions or times)"),
                );
            }
        }
    }
    for b in &h.meta_children {
        if !matches!(
            &b.kind,
            b"hdlr" | b"pitm" | b"iloc" | b"iinf" | b"iref" | b"iprp" | b"idat" | b"dinf"
        ) {
            let name = String::from_utf8_lossy(&b.kind).into_owned();
            report.block(
                BlockKind::Vendor,
                format!("meta box '{name}'"),
                b.raw.len(),
                false,
            );
            if &b.kind == b"grpl" {
                report.finding(FindingKind::Other, "item groups (bursts, stereo pairs)");
            }
        }
    }
    for b in &h.other_top {
        let name = String::from_utf8_lossy(&b.kind).into_owned();
        if &b.kind == b"moov" {
            report.block(
                BlockKind::ExtraImage,
                "moov image sequence track",
                b.raw.len(),
                false,
            );
            report.finding(
                FindingKind::Other,
                "image sequence (burst or live photo frames)",
            );
        } else if b.body.iter().any(|&x| x != 0) {
            report.block(
                BlockKind::Vendor,
                format!("top-level box '{name}'"),
                b.raw.len(),
                false,
            );
        }
    }
    Ok(report)
}

fn full_box(kind: &[u8; 4], version: u8, flags: u32, payload: &[u8]) -> Vec<u8> {
    let mut b = Vec::with_capacity(payload.len() + 12);
    b.extend_from_slice(&((payload.len() + 12) as u32).to_be_bytes());
    b.extend_from_slice(kind);
    b.push(version);
    b.extend_from_slice(&flags.to_be_bytes()[1..]);
    b.extend_from_slice(payload);
    b
}

fn plain_box(kind: &[u8; 4], payload: &[u8]) -> Vec<u8> {
    let mut b = Vec::with_capacity(payload.len() + 8);
    b.extend_from_slice(&((payload.len() + 8) as u32).to_be_bytes());
    b.extend_from_slice(kind);
    b.extend_from_slice(payload);
    b
}

/// Rebuilds the file around the primary picture: ftyp, a new meta box, and one
/// mdat holding only the kept items' coded data.
pub(crate) fn strip(bytes: &[u8], f: ImageFormat) -> Result<Vec<u8>, MetaError> {
    let h = parse(bytes, f)?;
    let kept = h.kept_items();
    for id in &kept {
        let loc = h
            .locations
            .get(id)
            .ok_or_else(|| err(f, format!("item {id} has no location")))?;
        if loc.data_ref != 0 || loc.method > 1 {
            return Err(MetaError::unsupported(
                f.name(),
                format!(
                    "item {id} stored by reference (construction method {})",
                    loc.method
                ),
            ));
        }
    }
    // Kept properties, renumbered.
    let mut new_index: BTreeMap<u16, u16> = BTreeMap::new();
    let mut ipco = Vec::new();
    for id in &kept {
        for &(_, i) in h.associations.get(id).into_iter().flatten() {
            if let Some(p) = h.property(i) {
                if DRAWING_PROPERTIES.contains(&&p.kind) && !new_index.contains_key(&i) {
                    new_index.insert(i, new_index.len() as u16 + 1);
                    ipco.extend_from_slice(p.raw);
                }
            }
        }
    }
    let mut ipma = Vec::new();
    let wide = new_index.len() > 127;
    let with_props: Vec<&u32> = kept
        .iter()
        .filter(|id| h.associations.contains_key(id))
        .collect();
    ipma.extend_from_slice(&(with_props.len() as u32).to_be_bytes());
    for id in with_props {
        let assoc: Vec<(bool, u16)> = h.associations[id]
            .iter()
            .filter_map(|&(e, i)| new_index.get(&i).map(|&n| (e, n)))
            .collect();
        ipma.extend_from_slice(&id.to_be_bytes());
        ipma.push(assoc.len() as u8);
        for (essential, n) in assoc {
            if wide {
                ipma.extend_from_slice(&(n | if essential { 0x8000 } else { 0 }).to_be_bytes());
            } else {
                ipma.push(n as u8 | if essential { 0x80 } else { 0 });
            }
        }
    }
    let iprp = plain_box(
        b"iprp",
        &[
            plain_box(b"ipco", &ipco),
            full_box(b"ipma", 1, wide as u32, &ipma),
        ]
        .concat(),
    );
    // Item infos, references.
    let mut iinf = (kept.len() as u32).to_be_bytes().to_vec();
    for id in &kept {
        if let Some(item) = h.items.get(id) {
            iinf.extend_from_slice(item.raw);
        }
    }
    let iinf = full_box(b"iinf", 1, 0, &iinf);
    let mut iref = Vec::new();
    for r in &h.references {
        if !kept.contains(&r.from) {
            continue;
        }
        let to: Vec<u32> = r.to.iter().copied().filter(|t| kept.contains(t)).collect();
        if to.is_empty() {
            continue;
        }
        let mut body = r.from.to_be_bytes().to_vec();
        body.extend_from_slice(&(to.len() as u16).to_be_bytes());
        to.iter()
            .for_each(|t| body.extend_from_slice(&t.to_be_bytes()));
        iref.extend(plain_box(&r.kind, &body));
    }
    let iref = (!iref.is_empty()).then(|| full_box(b"iref", 1, 0, &iref));
    // Data: idat for construction method 1, mdat for the rest.
    // The kept extents are copied straight into the output later (no
    // intermediate mdat buffer: peak memory stays near input + output).
    let mut idat = Vec::new();
    let mut mdat: Vec<&[u8]> = Vec::new();
    let mut mdat_len = 0u64;
    let mut placed: BTreeMap<u32, (u8, Vec<(u64, u64)>)> = BTreeMap::new();
    for id in &kept {
        let loc = &h.locations[id];
        let mut extents = Vec::new();
        for &(o, l) in &loc.extents {
            let source = if loc.method == 1 { h.idat } else { bytes };
            let data = source
                .get(o as usize..(o + l) as usize)
                .ok_or_else(|| err(f, "item data past the end"))?;
            if loc.method == 1 {
                extents.push((idat.len() as u64, l));
                idat.extend_from_slice(data);
            } else {
                extents.push((mdat_len, l));
                mdat_len += l;
                mdat.push(data);
            }
        }
        placed.insert(*id, (loc.method, extents));
    }
    let large = bytes.len() as u64 > u32::MAX as u64 / 2;
    let field = if large { 8 } else { 4 };
    let build_meta = |mdat_start: u64| -> Vec<u8> {
        let mut iloc = vec![((field as u8) << 4) | field as u8, 0];
        iloc.extend_from_slice(&(placed.len() as u32).to_be_bytes());
        for (id, (method, extents)) in &placed {
            iloc.extend_from_slice(&id.to_be_bytes());
            iloc.extend_from_slice(&(*method as u16).to_be_bytes());
            iloc.extend_from_slice(&0u16.to_be_bytes());
            iloc.extend_from_slice(&(extents.len() as u16).to_be_bytes());
            for &(o, l) in extents {
                let o = if *method == 1 { o } else { o + mdat_start };
                iloc.extend_from_slice(&o.to_be_bytes()[8 - field..]);
                iloc.extend_from_slice(&l.to_be_bytes()[8 - field..]);
            }
        }
        let mut children = Vec::new();
        for b in &h.meta_children {
            match &b.kind {
                b"hdlr" | b"pitm" | b"dinf" => children.extend_from_slice(b.raw),
                b"iinf" => children.extend_from_slice(&iinf),
                b"iloc" => children.extend(full_box(b"iloc", 2, 0, &iloc)),
                b"iref" => children.extend(iref.clone().unwrap_or_default()),
                b"iprp" => children.extend_from_slice(&iprp),
                b"idat" if !idat.is_empty() => children.extend(plain_box(b"idat", &idat)),
                _ => {}
            }
        }
        full_box(b"meta", 0, 0, &children)
    };
    let meta_len = build_meta(0).len() as u64;
    let mdat_header = if large { 16 } else { 8 };
    let mdat_start = h.ftyp.len() as u64 + meta_len + mdat_header;
    let mut out = Vec::with_capacity((mdat_start + mdat_len) as usize);
    out.extend_from_slice(h.ftyp);
    out.extend(build_meta(mdat_start));
    if large {
        out.extend_from_slice(&1u32.to_be_bytes());
        out.extend_from_slice(b"mdat");
        out.extend_from_slice(&(mdat_len + 16).to_be_bytes());
    } else {
        out.extend_from_slice(&((mdat_len + 8) as u32).to_be_bytes());
        out.extend_from_slice(b"mdat");
    }
    for data in mdat {
        out.extend_from_slice(data);
    }
    Ok(out)
}

/// The primary item's coded bytes and property boxes, for structural checks.
pub fn primary_fingerprint(bytes: &[u8]) -> Result<(Vec<u8>, Vec<Vec<u8>>), MetaError> {
    let f = crate::detect_format(bytes)?;
    let h = parse(bytes, f)?;
    let props = h
        .associations
        .get(&h.primary)
        .into_iter()
        .flatten()
        .filter_map(|&(_, i)| h.property(i))
        .filter(|p| DRAWING_PROPERTIES.contains(&&p.kind))
        .map(|p| p.raw.to_vec())
        .collect();
    Ok((h.item_data(h.primary), props))
}
