//! Decompression bombs and huge inputs through the real `clearpost` binary:
//! each is refused or handled with a clear message, and the child's peak RSS
//! (from `wait4`'s rusage, per child) stays under a bound. The inputs are
//! generated here; the table of results is printed (run with --nocapture).

#![cfg(target_os = "linux")]

use std::fs::{self, File};
use std::io::{Read, Write};
use std::os::unix::process::CommandExt as _;
use std::path::Path;
use std::process::{Command, Stdio};

use flate2::write::ZlibEncoder;
use flate2::Compression;

const MIB: u64 = 1024 * 1024;
/// Address space each child may reserve (virtual, not resident): 8 GiB.
const ADDRESS_SPACE_CAP: u64 = 8 * 1024 * MIB;

/// What one run of the CLI did.
struct Run {
    code: i32,
    output: String,
    peak_rss_kib: u64,
}

/// Runs `clearpost --data-dir <data> args...` and waits with `wait4` to read
/// the child's own peak resident set size.
fn run_cli(data: &Path, args: &[&str]) -> Run {
    // `< FILE` at the end feeds FILE on standard input.
    let (args, stdin) = match args {
        [rest @ .., "<", file] => (rest, Stdio::from(File::open(file).unwrap())),
        _ => (args, Stdio::null()),
    };
    let mut command = Command::new(env!("CARGO_BIN_EXE_clearpost"));
    // A safety net for the machine running the test, far above every bound
    // asserted below: a regression fails this test instead of swapping.
    // SAFETY: setrlimit is async-signal-safe; nothing else runs in the child.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: ADDRESS_SPACE_CAP,
                rlim_max: ADDRESS_SPACE_CAP,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    // Reaped below with wait4 (which reports its rusage), not Child::wait.
    #[allow(clippy::zombie_processes)]
    let mut child = command
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start clearpost");
    // Drain both pipes on threads so a chatty child cannot block on a full pipe.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = Vec::new();
        stdout.read_to_end(&mut s).ok();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = Vec::new();
        stderr.read_to_end(&mut s).ok();
        s
    });
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: plain FFI call with valid out-pointers; `child` is not waited on elsewhere.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4 failed");
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -libc::WTERMSIG(status)
    };
    let mut output = String::from_utf8_lossy(&out.join().unwrap()).into_owned();
    output.push_str(&String::from_utf8_lossy(&err.join().unwrap()));
    Run {
        code,
        output,
        // ru_maxrss is in KiB on Linux.
        peak_rss_kib: usage.ru_maxrss as u64,
    }
}

// ---------------------------------------------------------------- generators

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
}

/// A PNG whose header declares `width`×`height` (8-bit, `colour` type) and whose
/// IDAT holds `rows` rows of zeros (0 = just an empty zlib stream).
fn png(width: u32, height: u32, colour: u8, rows: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, colour, 0, 0, 0]);
    png_chunk(&mut out, b"IHDR", &ihdr);
    let channels = if colour == 2 { 3 } else { 1 };
    let mut z = ZlibEncoder::new(Vec::new(), Compression::best());
    let row = vec![0u8; 1 + width as usize * channels];
    for _ in 0..rows {
        z.write_all(&row).unwrap();
    }
    png_chunk(&mut out, b"IDAT", &z.finish().unwrap());
    png_chunk(&mut out, b"IEND", &[]);
    out
}

/// A small real JPEG (with an EXIF orientation when given) whose SOF header is
/// then patched to declare `width`×`height`.
fn jpeg_declaring(width: u16, height: u16, orientation: Option<u16>) -> Vec<u8> {
    let img = image::RgbImage::from_fn(16, 16, |x, y| image::Rgb([x as u8 * 16, y as u8 * 16, 90]));
    let mut small = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut small, 90)
        .encode_image(&img)
        .unwrap();
    let mut bytes = small;
    // SOF0/SOF2: FF C0/C2, length(2), precision(1), height(2), width(2).
    let sof = bytes
        .windows(2)
        .position(|w| w[0] == 0xFF && (w[1] == 0xC0 || w[1] == 0xC2))
        .expect("SOF");
    bytes[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    bytes[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    if let Some(orientation) = orientation {
        let exif = tiff_ifd_loop_or_orientation(Some(orientation));
        bytes = insert_app1(&bytes, &exif);
    }
    bytes
}

/// An APP1 "Exif" payload: a little-endian TIFF whose IFD0 holds an
/// orientation tag (when given) and, otherwise, pointers that loop: IFD0's
/// next-IFD offset and its Exif and GPS sub-IFD pointers all point back at IFD0.
fn tiff_ifd_loop_or_orientation(orientation: Option<u16>) -> Vec<u8> {
    let mut t = b"Exif\0\0II*\0\x08\0\0\0".to_vec();
    let entry = |tag: u16, kind: u16, value: u32| {
        let mut e = Vec::new();
        e.extend_from_slice(&tag.to_le_bytes());
        e.extend_from_slice(&kind.to_le_bytes());
        e.extend_from_slice(&1u32.to_le_bytes());
        e.extend_from_slice(&value.to_le_bytes());
        e
    };
    let entries = match orientation {
        Some(o) => vec![entry(0x0112, 3, o as u32)],
        // 0x8769 Exif IFD, 0x8825 GPS IFD, 0xA005 interop: all -> offset 8 (IFD0).
        None => vec![
            entry(0x8769, 4, 8),
            entry(0x8825, 4, 8),
            entry(0xA005, 4, 8),
        ],
    };
    t.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    for e in entries {
        t.extend_from_slice(&e);
    }
    let next: u32 = if orientation.is_some() { 0 } else { 8 };
    t.extend_from_slice(&next.to_le_bytes());
    t
}

fn insert_app1(jpeg: &[u8], payload: &[u8]) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn riff_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(kind);
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out.extend_from_slice(data);
    if data.len() % 2 == 1 {
        out.push(0);
    }
}

/// A WebP whose VP8X canvas is 2^24 × 2^24 and whose VP8L bitstream declares
/// 16384×16384 (the format's maximum), with a few bytes of (bogus) data.
fn webp_declaring_huge() -> Vec<u8> {
    let mut body = b"WEBP".to_vec();
    let mut vp8x = vec![0x10, 0, 0, 0]; // alpha flag
    vp8x.extend_from_slice(&[0xFF, 0xFF, 0xFF]); // canvas width - 1 (24 bits)
    vp8x.extend_from_slice(&[0xFF, 0xFF, 0xFF]); // canvas height - 1
    riff_chunk(&mut body, b"VP8X", &vp8x);
    // VP8L: signature 0x2f, then 14 bits width-1, 14 bits height-1, alpha, version.
    let bits: u32 = 0x3FFF | (0x3FFF << 14) | (1 << 28);
    let mut vp8l = vec![0x2F];
    vp8l.extend_from_slice(&bits.to_le_bytes());
    vp8l.extend_from_slice(&[0u8; 64]);
    riff_chunk(&mut body, b"VP8L", &vp8l);
    let mut out = b"RIFF".to_vec();
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend_from_slice(&body);
    out
}

fn iso_box(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
    let mut out = ((body.len() + 8) as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(body);
    out
}

/// A HEIC whose primary image declares 65535×65535 (ispe) and whose meta box
/// is flooded with `flood` empty `free` boxes.
fn heic_declaring_huge(flood: usize) -> Vec<u8> {
    let ftyp = iso_box(b"ftyp", b"heic\0\0\0\0mif1heic");
    let mut hdlr = vec![0u8; 8];
    hdlr.extend_from_slice(b"pict");
    hdlr.extend_from_slice(&[0u8; 13]);
    let pitm = iso_box(b"pitm", &[0, 0, 0, 0, 0, 1]);
    let mut infe = vec![2, 0, 0, 0, 0, 1, 0, 0];
    infe.extend_from_slice(b"hvc1\0");
    let mut iinf = vec![0, 0, 0, 0, 0, 1];
    iinf.extend_from_slice(&iso_box(b"infe", &infe));
    let mut ispe = vec![0u8; 4];
    ispe.extend_from_slice(&65535u32.to_be_bytes());
    ispe.extend_from_slice(&65535u32.to_be_bytes());
    let ipco = iso_box(b"ipco", &iso_box(b"ispe", &ispe));
    let ipma = iso_box(b"ipma", &[0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0x81]);
    let mut iprp_body = ipco;
    iprp_body.extend_from_slice(&ipma);
    let mut meta = vec![0u8; 4];
    meta.extend_from_slice(&iso_box(b"hdlr", &hdlr));
    meta.extend_from_slice(&pitm);
    meta.extend_from_slice(&iso_box(b"iinf", &iinf));
    meta.extend_from_slice(&iso_box(b"iprp", &iprp_body));
    for _ in 0..flood {
        meta.extend_from_slice(&[0, 0, 0, 8, b'f', b'r', b'e', b'e']);
    }
    let mut out = ftyp;
    out.extend_from_slice(&iso_box(b"meta", &meta));
    out.extend_from_slice(&iso_box(b"mdat", &[0u8; 32]));
    out
}

/// A sparse file of `size` bytes that starts like a JPEG.
fn sparse(path: &Path, size: u64, head: &[u8]) {
    let mut file = File::create(path).unwrap();
    file.write_all(head).unwrap();
    file.set_len(size).unwrap();
}

/// A 100-megapixel JPEG (10000×10000) with some texture.
fn hundred_megapixel_jpeg(path: &Path) {
    let img = image::RgbImage::from_fn(10_000, 10_000, |x, y| {
        image::Rgb([(x / 40) as u8, (y / 40) as u8, ((x ^ y) & 0xFF) as u8])
    });
    let file = std::io::BufWriter::new(File::create(path).unwrap());
    image::codecs::jpeg::JpegEncoder::new_with_quality(file, 85)
        .encode_image(&img)
        .unwrap();
}

/// ~`bytes` of Markdown with a name and phone number in every paragraph.
fn big_markdown(path: &Path, bytes: usize) {
    let mut out = std::io::BufWriter::new(File::create(path).unwrap());
    let mut written = 0;
    let mut n = 0u32;
    while written < bytes {
        let para = format!(
            "## Ward update {n}\n\nOur team visited the new wing today and the families loved it. \
             Call Wendeline Arkwright on (555) 201-{:04} for details, or visit the *open day*.\n\n",
            n % 10_000
        );
        out.write_all(para.as_bytes()).unwrap();
        written += para.len();
        n += 1;
    }
}

// ---------------------------------------------------------------- the table

/// One row: the command, the input, what must be said, and the RSS bound.
struct Case {
    name: &'static str,
    args: Vec<String>,
    /// Exit codes accepted (0 = handled, 1 = findings/refused by policy, 2 = refused input).
    codes: &'static [i32],
    /// A phrase the output must contain (the clear message).
    says: &'static str,
    max_rss_mib: u64,
}

#[test]
fn bombs_and_huge_inputs_are_refused_or_handled_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let inputs = dir.path().join("in");
    let out = dir.path().join("out");
    fs::create_dir_all(&inputs).unwrap();
    let p = |name: &str| inputs.join(name);

    fs::write(p("png-64k.png"), png(65535, 65535, 2, 0)).unwrap();
    fs::write(p("png-zip-bomb.png"), png(16_000, 16_000, 0, 16_000)).unwrap();
    fs::write(p("jpeg-64k.jpg"), jpeg_declaring(65500, 65500, None)).unwrap();
    fs::write(
        p("jpeg-64k-rotated.jpg"),
        jpeg_declaring(65500, 65499, Some(6)),
    )
    .unwrap();
    let small = jpeg_declaring(16, 16, None);
    fs::write(
        p("jpeg-ifd-loop.jpg"),
        insert_app1(&small, &tiff_ifd_loop_or_orientation(None)),
    )
    .unwrap();
    fs::write(p("webp-huge-canvas.webp"), webp_declaring_huge()).unwrap();
    fs::write(p("heic-64k-flood.heic"), heic_declaring_huge(1_000_000)).unwrap();
    sparse(&p("sparse-2g.jpg"), 2048 * MIB, &small[..20]);
    sparse(&p("sparse-2g.md"), 2048 * MIB, b"# Hello\n");
    hundred_megapixel_jpeg(&p("photo-100mp.jpg"));
    big_markdown(&p("draft-50mb.md"), 50 * MIB as usize);
    big_markdown(&p("draft-1mb.md"), MIB as usize);

    let s = |v: &str| v.to_string();
    let path = |name: &str| p(name).display().to_string();
    let outdir = out.display().to_string();
    let case = |name, args: Vec<String>, codes, says, max_rss_mib| Case {
        name,
        args,
        codes,
        says,
        max_rss_mib,
    };
    let cases = vec![
        case(
            "2 GB sparse file: inspect",
            vec![s("inspect"), path("sparse-2g.jpg")],
            &[2][..],
            "larger than the 256.0 MiB",
            64,
        ),
        case(
            "2 GB sparse file: strip",
            vec![s("strip"), path("sparse-2g.jpg"), s("-o"), outdir.clone()],
            &[2],
            "larger than the 256.0 MiB",
            64,
        ),
        case(
            "2 GB sparse file: detect",
            vec![s("detect"), path("sparse-2g.jpg")],
            &[2],
            "larger than the 256.0 MiB",
            400,
        ),
        case(
            "2 GB sparse file: scan",
            vec![s("scan"), path("sparse-2g.md")],
            &[2],
            "larger than the 8.0 MiB",
            128,
        ),
        case(
            "PNG declaring 65535x65535: inspect",
            vec![s("inspect"), path("png-64k.png")],
            &[0, 2],
            "",
            64,
        ),
        case(
            "PNG declaring 65535x65535: strip",
            vec![s("strip"), path("png-64k.png"), s("-o"), outdir.clone()],
            &[0, 2],
            "",
            64,
        ),
        case(
            "PNG declaring 65535x65535: detect",
            vec![s("detect"), path("png-64k.png")],
            &[2],
            "megapixels",
            400,
        ),
        case(
            "PNG zlib bomb 16000x16000 (256 MB of zeros): strip",
            vec![
                s("strip"),
                path("png-zip-bomb.png"),
                s("-o"),
                outdir.clone(),
            ],
            &[0],
            "",
            64,
        ),
        case(
            "PNG zlib bomb 16000x16000: detect",
            vec![s("detect"), path("png-zip-bomb.png")],
            &[2],
            "megapixels",
            400,
        ),
        case(
            "JPEG declaring 65500x65500: inspect",
            vec![s("inspect"), path("jpeg-64k.jpg")],
            &[0, 2],
            "",
            64,
        ),
        case(
            "JPEG declaring 65500x65500: strip",
            vec![s("strip"), path("jpeg-64k.jpg"), s("-o"), outdir.clone()],
            &[0, 2],
            "",
            64,
        ),
        case(
            "JPEG declaring 65500x65499, EXIF orientation 6: strip",
            vec![
                s("strip"),
                path("jpeg-64k-rotated.jpg"),
                s("-o"),
                outdir.clone(),
            ],
            &[2],
            "megapixels",
            128,
        ),
        case(
            "JPEG declaring 65500x65500: detect",
            vec![s("detect"), path("jpeg-64k.jpg")],
            &[2],
            "megapixels",
            400,
        ),
        case(
            "JPEG with looping IFD pointers: inspect",
            vec![s("inspect"), path("jpeg-ifd-loop.jpg")],
            &[0, 2],
            "",
            64,
        ),
        case(
            "JPEG with looping IFD pointers: strip",
            vec![
                s("strip"),
                path("jpeg-ifd-loop.jpg"),
                s("-o"),
                outdir.clone(),
            ],
            &[0, 2],
            "",
            64,
        ),
        case(
            "WebP canvas 2^24 x 2^24: inspect",
            vec![s("inspect"), path("webp-huge-canvas.webp")],
            &[0, 2],
            "",
            64,
        ),
        case(
            "WebP canvas 2^24 x 2^24: strip",
            vec![
                s("strip"),
                path("webp-huge-canvas.webp"),
                s("-o"),
                outdir.clone(),
            ],
            &[0, 2],
            "",
            64,
        ),
        case(
            "WebP canvas 2^24 x 2^24: detect",
            vec![s("detect"), path("webp-huge-canvas.webp")],
            &[2],
            "",
            400,
        ),
        case(
            "HEIC ispe 65535x65535 + 1M boxes: inspect",
            vec![s("inspect"), path("heic-64k-flood.heic")],
            &[2],
            "more than 65536 boxes",
            64,
        ),
        case(
            "HEIC ispe 65535x65535 + 1M boxes: strip",
            vec![
                s("strip"),
                path("heic-64k-flood.heic"),
                s("-o"),
                outdir.clone(),
            ],
            &[2],
            "more than 65536 boxes",
            64,
        ),
        case(
            "100-megapixel JPEG: inspect",
            vec![s("inspect"), path("photo-100mp.jpg")],
            &[0],
            "",
            96,
        ),
        case(
            "100-megapixel JPEG: strip",
            vec![s("strip"), path("photo-100mp.jpg"), s("-o"), outdir.clone()],
            &[0],
            "",
            96,
        ),
        case(
            "100-megapixel JPEG: detect",
            vec![s("detect"), path("photo-100mp.jpg")],
            &[0, 2],
            "",
            1200,
        ),
        case(
            "50 MB Markdown: scan",
            vec![s("scan"), s("--json"), path("draft-50mb.md")],
            &[2],
            "larger than the 8.0 MiB",
            128,
        ),
        case(
            "50 MB Markdown on stdin: scan -",
            vec![s("scan"), s("-"), s("<"), path("draft-50mb.md")],
            &[2],
            "larger than",
            128,
        ),
        case(
            "1 MB Markdown (under the cap): scan",
            vec![s("scan"), s("--json"), path("draft-1mb.md")],
            &[1],
            "",
            512,
        ),
    ];

    let mut failures = Vec::new();
    println!("| input | exit | message | peak RSS |");
    println!("|---|---|---|---|");
    for case in &cases {
        let args: Vec<&str> = case.args.iter().map(String::as_str).collect();
        let started = std::time::Instant::now();
        let run = run_cli(&data, &args);
        let message = first_message(&run.output);
        println!(
            "| {} | {} | {} | {} MiB ({:.1} s) |",
            case.name,
            run.code,
            message,
            run.peak_rss_kib / 1024,
            started.elapsed().as_secs_f64()
        );
        if !case.codes.contains(&run.code) {
            failures.push(format!(
                "{}: exit {} (expected {:?}): {}",
                case.name,
                run.code,
                case.codes,
                tail(&run.output)
            ));
        }
        if !case.says.is_empty() && !run.output.contains(case.says) {
            failures.push(format!(
                "{}: no {:?} in: {}",
                case.name,
                case.says,
                tail(&run.output)
            ));
        }
        if run.peak_rss_kib > case.max_rss_mib * 1024 {
            failures.push(format!(
                "{}: peak RSS {} MiB > {} MiB",
                case.name,
                run.peak_rss_kib / 1024,
                case.max_rss_mib
            ));
        }
    }
    // Refused inputs leave no output and no temporary file behind.
    if let Ok(entries) = fs::read_dir(&out) {
        for entry in entries {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            assert!(!name.starts_with('.'), "temporary file left: {name}");
            for refused in [
                "sparse-2g.jpg",
                "jpeg-64k-rotated.jpg",
                "heic-64k-flood.heic",
            ] {
                assert_ne!(name, refused, "output written for a refused input");
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The line that explains the outcome (an error line if there is one).
fn first_message(output: &str) -> String {
    let line = output
        .lines()
        .find(|l| {
            l.contains("error")
                || l.contains("larger")
                || l.contains("refused")
                || l.contains("megapixels")
        })
        .or_else(|| output.lines().find(|l| !l.trim().is_empty()))
        .unwrap_or("");
    let line: String = line.chars().take(140).collect();
    line.replace('|', "\\|")
}

fn tail(output: &str) -> String {
    let chars: Vec<char> = output.chars().collect();
    chars[chars.len().saturating_sub(600)..].iter().collect()
}
