//! Reading a capture file for `decode`, `check --capture` and `share --capture`: streamed
//! through the capture [`Decoder`] in 1 MiB chunks, so memory stays near the file's size.

use std::io::Read;
use std::path::Path;

use anyhow::{bail, Context as _};

use crate::rules::outcome::{Judge, Judged};
use crate::source::capture::{Decoded, Decoder, Format};

/// Decodes `path` (`-` = standard input) in `format`.
pub fn read(path: &Path, format: Format) -> anyhow::Result<Decoded> {
    let mut decoder = Decoder::new(format);
    pump(path, &mut decoder)?;
    decoder.finish().map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// Decodes `path` and judges every connection as it ends, on a second thread, keeping only the
/// bytes of connection `keep` (else of the most telling one): what `decode` shows.
pub fn read_judged(path: &Path, format: Format, now: i64, keep: Option<usize>) -> anyhow::Result<Judged> {
    let (judge, handoff) = Judge::start(Some(now), keep);
    let mut decoder = Decoder::new(format).handing_over(handoff);
    pump(path, &mut decoder)?;
    let decoded = decoder.finish().map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    Ok(judge.finish(decoded))
}

/// Every chunk of `path` into `decoder`.
fn pump(path: &Path, decoder: &mut Decoder) -> anyhow::Result<()> {
    let mut reader: Box<dyn Read> = if path == Path::new("-") {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?)
    };
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = reader.read(&mut buf).with_context(|| format!("reading {}", path.display()))?;
        if n == 0 {
            return Ok(());
        }
        decoder.push(buf.get(..n).unwrap_or_default());
    }
}

/// The transcript of connection `id` (or the default one); a clear error when there is none.
pub fn transcript(decoded: &Decoded, id: Option<usize>, path: &Path) -> anyhow::Result<crate::vocab::Transcript> {
    match decoded.transcript(id) {
        Some(t) => Ok(t),
        None => match id {
            Some(id) => bail!("{} has no connection {id}; `mysql-tls-doctor decode` lists them", path.display()),
            None => bail!("{} holds no TCP connection", path.display()),
        },
    }
}
