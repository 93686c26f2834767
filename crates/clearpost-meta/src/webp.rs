//! WebP: RIFF chunk surgery with img-parts.

use img_parts::riff::{RiffChunk, RiffContent};
use img_parts::webp::WebP;
use img_parts::Bytes;

use crate::report::{BlockKind, FindingKind, MetadataReport};
use crate::{exif, xmp, ImageFormat, MetaError};

const FORMAT: &str = "WebP";

/// Chunks needed to draw the picture.
const DRAWING_CHUNKS: &[&[u8; 4]] = &[
    b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP",
];
/// VP8X flag bits announcing EXIF and XMP chunks.
const FLAG_EXIF: u8 = 0x08;
const FLAG_XMP: u8 = 0x04;

fn parse(bytes: &[u8]) -> Result<WebP, MetaError> {
    let webp = WebP::from_bytes(Bytes::copy_from_slice(bytes))
        .map_err(|e| MetaError::malformed(FORMAT, e.to_string()))?;
    let has_image = webp
        .chunks()
        .iter()
        .any(|c| matches!(&c.id(), b"VP8 " | b"VP8L" | b"ANMF"));
    if !has_image {
        return Err(MetaError::malformed(
            FORMAT,
            "no image data (no VP8/VP8L/ANMF chunk)",
        ));
    }
    Ok(webp)
}

fn data(chunk: &RiffChunk) -> &[u8] {
    chunk.content().data().map(|b| b.as_ref()).unwrap_or(&[])
}

/// Lists every metadata chunk and what it says.
pub(crate) fn inspect(bytes: &[u8]) -> Result<MetadataReport, MetaError> {
    let webp = parse(bytes)?;
    let mut report = MetadataReport::new(ImageFormat::Webp);
    for chunk in webp.chunks() {
        let id = chunk.id();
        let payload = data(chunk);
        let size = payload.len() + 8;
        match &id {
            b"ICCP" => report.block(BlockKind::IccProfile, "ICCP chunk", size, true),
            b"EXIF" => {
                // Some writers keep the JPEG "Exif\0\0" prefix.
                let tiff = payload.strip_prefix(b"Exif\0\0").unwrap_or(payload);
                let o = exif::describe(tiff, "EXIF chunk", &mut report);
                report.orientation = report.orientation.or(o);
            }
            b"XMP " => xmp::describe(payload, "XMP chunk", &mut report),
            k if DRAWING_CHUNKS.contains(&k) => {}
            _ => {
                let name = String::from_utf8_lossy(&id).into_owned();
                report.block(BlockKind::Vendor, format!("{name} chunk"), size, false);
                report.finding(FindingKind::Other, format!("unknown chunk '{name}'"));
            }
        }
    }
    Ok(report)
}

/// Keeps only the chunks needed to draw the picture and clears the EXIF/XMP
/// flags in the VP8X header; bitstreams are untouched.
pub(crate) fn strip(bytes: &[u8]) -> Result<Vec<u8>, MetaError> {
    let mut webp = parse(bytes)?;
    let chunks = webp.chunks_mut();
    chunks.retain(|c| DRAWING_CHUNKS.contains(&&c.id()));
    for chunk in chunks.iter_mut() {
        if &chunk.id() == b"VP8X" {
            let mut header = data(chunk).to_vec();
            if let Some(flags) = header.first_mut() {
                *flags &= !(FLAG_EXIF | FLAG_XMP);
            }
            *chunk = RiffChunk::new(*b"VP8X", RiffContent::Data(Bytes::from(header)));
        }
    }
    let mut out = Vec::with_capacity(bytes.len());
    webp.encoder()
        .write_to(&mut out)
        .map_err(|e| MetaError::malformed(FORMAT, e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A lossless WebP with a VP8X header, EXIF and XMP chunks and flags set.
    fn sample_webp() -> Vec<u8> {
        let img =
            image::RgbImage::from_fn(6, 4, |x, y| image::Rgb([x as u8 * 40, y as u8 * 60, 9]));
        let mut plain = Vec::new();
        img.write_to(
            &mut std::io::Cursor::new(&mut plain),
            image::ImageFormat::WebP,
        )
        .unwrap();
        let mut webp = WebP::from_bytes(Bytes::from(plain)).unwrap();
        let mut vp8x = vec![FLAG_EXIF | FLAG_XMP, 0, 0, 0];
        vp8x.extend_from_slice(&[5, 0, 0, 3, 0, 0]);
        let chunks = webp.chunks_mut();
        chunks.insert(
            0,
            RiffChunk::new(*b"VP8X", RiffContent::Data(Bytes::from(vp8x))),
        );
        let exif = crate::exif::tests::sample_exif(1);
        chunks.push(RiffChunk::new(
            *b"EXIF",
            RiffContent::Data(Bytes::from(exif)),
        ));
        chunks.push(RiffChunk::new(
            *b"XMP ",
            RiffContent::Data(Bytes::from_static(b"<x:xmpmeta/>")),
        ));
        let mut out = Vec::new();
        webp.encoder().write_to(&mut out).unwrap();
        out
    }

    #[test]
    fn removes_exif_and_xmp_and_clears_flags() {
        let input = sample_webp();
        let before = inspect(&input).unwrap();
        assert_eq!(before.removable_blocks().count(), 2, "{:?}", before.blocks);
        assert!(before
            .findings
            .iter()
            .any(|f| f.kind == FindingKind::GpsPosition));
        let out = strip(&input).unwrap();
        assert!(inspect(&out).unwrap().is_clean());
        let webp = WebP::from_bytes(Bytes::from(out.clone())).unwrap();
        let flags = data(webp.chunk_by_id(*b"VP8X").unwrap())[0];
        assert_eq!(flags & (FLAG_EXIF | FLAG_XMP), 0);
        let a = image::load_from_memory(&input).unwrap().to_rgb8();
        let b = image::load_from_memory(&out).unwrap().to_rgb8();
        assert_eq!(a, b);
    }
}
