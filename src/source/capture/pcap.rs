//! pcap and pcapng framing, one record at a time, over whatever bytes have arrived.
//!
//! Specs: pcap <https://datatracker.ietf.org/doc/draft-ietf-opsawg-pcap/>, pcapng
//! <https://datatracker.ietf.org/doc/draft-ietf-opsawg-pcapng/>, link types
//! <https://www.tcpdump.org/linktypes.html>.
//!
//! Envelope, then payload: this module reads each record's length itself, checks it against a
//! cap, waits until the whole record is there, and only then hands exactly that slice to
//! `pcap-parser` (rusticata). So an absurd length is reported instead of buffered, a truncated
//! file is reported with the offset of the record it ends in, and a malformed pcapng block is
//! skipped by its length without losing the rest of the file.

use pcap_parser::Block;

use super::cursor::u32_at;
use super::detect::Container;
use super::error::{CaptureError, Location, ProblemKind};
use super::link::{self, LinkType};
use super::problems::Problems;

/// Largest frame accepted: Wireshark's own limit for these link types (`WTAP_MAX_PACKET_SIZE_STANDARD`).
pub const MAX_FRAME_BYTES: u32 = 262_144;
/// Largest pcapng block accepted (a packet block holds at most one frame; other blocks are small).
pub const MAX_BLOCK_BYTES: u32 = 16 * 1024 * 1024;

const SHB: u32 = 0x0a0d_0d0a;
const BOM: u32 = 0x1a2b_3c4d;

/// What one record held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Content<'a> {
    /// A file header, interface description, statistics …
    Meta,
    /// A frame on a link type this tool decodes.
    Packet { link: LinkType, data: &'a [u8] },
    /// A frame that cannot be decoded (unknown link type or interface, malformed block).
    Skipped,
}

/// The result of looking at the start of the unread bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step<'a> {
    /// A complete record of `len` bytes.
    Record { len: usize, content: Content<'a> },
    /// The record that starts here needs `need` bytes in all; fewer have arrived.
    Need { need: u64, what: &'static str },
    /// Nothing after this point can be framed; a problem says why.
    Stop,
}

#[derive(Debug)]
pub(crate) enum Reader {
    Pcap(PcapReader),
    Pcapng(PcapngReader),
}

impl Reader {
    pub(crate) fn new(kind: Container) -> Self {
        match kind {
            Container::Pcap => Reader::Pcap(PcapReader::default()),
            Container::Pcapng => Reader::Pcapng(PcapngReader::default()),
        }
    }

    /// Reads the record at the start of `buf`, which is at `offset` in the file.
    pub(crate) fn next<'a>(
        &mut self,
        buf: &'a [u8],
        offset: u64,
        problems: &mut Problems,
    ) -> Result<Step<'a>, CaptureError> {
        match self {
            Reader::Pcap(r) => r.next(buf, offset, problems),
            Reader::Pcapng(r) => r.next(buf, offset, problems),
        }
    }

    /// The link types seen, for the user: "Ethernet (1)".
    pub(crate) fn link_label(&self) -> String {
        let links = match self {
            Reader::Pcap(r) => r.header.map(|h| vec![h.link]).unwrap_or_default(),
            Reader::Pcapng(r) => r.seen.clone(),
        };
        links.iter().map(|l| l.label()).collect::<Vec<_>>().join(", ")
    }
}

#[derive(Debug, Clone, Copy)]
struct PcapHeader {
    big_endian: bool,
    /// Kuznetzov's patched libpcap: 8 more bytes per record header.
    modified: bool,
    link: LinkType,
}

#[derive(Debug, Default)]
pub(crate) struct PcapReader {
    header: Option<PcapHeader>,
}

impl PcapReader {
    fn next<'a>(&mut self, buf: &'a [u8], offset: u64, problems: &mut Problems) -> Result<Step<'a>, CaptureError> {
        let Some(h) = self.header else {
            return self.file_header(buf);
        };
        // ts_sec(4) ts_usec(4) incl_len(4) orig_len(4) [modified: ifindex(4) protocol(2) type(1) pad(1)]
        let header_len: usize = if h.modified { 24 } else { 16 };
        let Some(caplen) = u32_at(buf, 8, h.big_endian) else {
            return Ok(Step::Need { need: header_len as u64, what: "packet record header" });
        };
        if caplen > MAX_FRAME_BYTES {
            problems.push(
                Location::Offset(offset),
                ProblemKind::AbsurdLength {
                    what: "packet record",
                    length: u64::from(caplen),
                    cap: u64::from(MAX_FRAME_BYTES),
                },
            );
            return Ok(Step::Stop);
        }
        let len = header_len + caplen as usize;
        let Some(record) = buf.get(..len) else {
            return Ok(Step::Need { need: len as u64, what: "packet record" });
        };
        let parsed = match (h.modified, h.big_endian) {
            (false, false) => pcap_parser::parse_pcap_frame(record).map(|(_, b)| b.data),
            (false, true) => pcap_parser::parse_pcap_frame_be(record).map(|(_, b)| b.data),
            (true, false) => pcap_parser::parse_pcap_frame_modified(record).map(|(_, b)| b.data),
            // pcap-parser reads the modified format little-endian only; the envelope is checked.
            (true, true) => Ok(record.get(header_len..).unwrap_or(&[])),
        };
        let content = match parsed {
            Ok(data) => Content::Packet { link: h.link, data },
            Err(_) => Content::Skipped,
        };
        Ok(Step::Record { len, content })
    }

    fn file_header<'a>(&mut self, buf: &'a [u8]) -> Result<Step<'a>, CaptureError> {
        // magic(4) version_major(2) version_minor(2) thiszone(4) sigfigs(4) snaplen(4) linktype(4)
        if buf.len() < 24 {
            return Ok(Step::Need { need: 24, what: "pcap file header" });
        }
        let h = match pcap_parser::parse_pcap_header(buf) {
            Ok((_, h)) => h,
            Err(_) => return Err(CaptureError::BadHeader { what: "pcap magic number", offset: 0, got: hex4(buf) }),
        };
        // LinkType and additional information: the link type is the low 16 bits; the high
        // bits may carry an FCS length, which the IP length fields make harmless.
        let number = (h.network.0 as u32) & 0xffff;
        let Some(link) = LinkType::from_number(number) else {
            return Err(CaptureError::UnknownLinkType {
                link_type: number,
                name: link::unknown_name(number),
                offset: 20,
            });
        };
        self.header = Some(PcapHeader { big_endian: h.is_bigendian(), modified: h.is_modified_format(), link });
        Ok(Step::Record { len: 24, content: Content::Meta })
    }
}

#[derive(Debug, Default)]
pub(crate) struct PcapngReader {
    started: bool,
    big_endian: bool,
    /// The current section's interfaces, in order; `None` for link types not decoded here.
    interfaces: Vec<Option<LinkType>>,
    /// Every decodable link type seen, in order of first appearance.
    seen: Vec<LinkType>,
}

impl PcapngReader {
    fn next<'a>(&mut self, buf: &'a [u8], offset: u64, problems: &mut Problems) -> Result<Step<'a>, CaptureError> {
        // block type(4) block total length(4) … block total length(4)
        let Some(block_type) = u32_at(buf, 0, self.big_endian) else {
            return Ok(Step::Need { need: 12, what: "pcapng block header" });
        };
        let is_shb = buf.get(..4) == Some(&SHB.to_be_bytes()[..]);
        if is_shb {
            // The section's byte order is the byte-order magic's (at offset 8).
            match u32_at(buf, 8, false) {
                None => return Ok(Step::Need { need: 12, what: "pcapng section header" }),
                Some(BOM) => self.big_endian = false,
                Some(b) if b.swap_bytes() == BOM => self.big_endian = true,
                Some(_) => {
                    let got = hex4(buf.get(8..).unwrap_or(&[]));
                    if !self.started {
                        return Err(CaptureError::BadHeader {
                            what: "pcapng byte-order magic",
                            offset: offset + 8,
                            got,
                        });
                    }
                    problems.push(
                        Location::Offset(offset + 8),
                        ProblemKind::Unreadable { what: "pcapng section header's byte-order magic" },
                    );
                    return Ok(Step::Stop);
                }
            }
        } else if !self.started {
            return Err(CaptureError::BadHeader {
                what: "pcapng first block",
                offset,
                got: format!("block type 0x{block_type:08x}, not a section header"),
            });
        }
        let what = block_name(if is_shb { SHB } else { block_type });
        let Some(len) = u32_at(buf, 4, self.big_endian) else {
            return Ok(Step::Need { need: 12, what });
        };
        if len < 12 || len % 4 != 0 {
            problems.push(Location::Offset(offset + 4), ProblemKind::BadLength { what, length: u64::from(len) });
            return Ok(Step::Stop);
        }
        if len > MAX_BLOCK_BYTES {
            problems.push(
                Location::Offset(offset + 4),
                ProblemKind::AbsurdLength { what, length: u64::from(len), cap: u64::from(MAX_BLOCK_BYTES) },
            );
            return Ok(Step::Stop);
        }
        let Some(block) = buf.get(..len as usize) else {
            return Ok(Step::Need { need: u64::from(len), what });
        };
        let parsed =
            if self.big_endian { pcap_parser::parse_block_be(block) } else { pcap_parser::parse_block_le(block) };
        let content = match parsed {
            Ok((_, b)) => self.block(b, offset, problems),
            Err(_) => {
                problems.push(Location::Offset(offset), ProblemKind::BadBlock { what, length: u64::from(len) });
                if is_shb {
                    // A section we cannot read has interfaces we cannot know.
                    self.interfaces.clear();
                }
                if matches!(block_type, 3 | 6) {
                    Content::Skipped
                } else {
                    Content::Meta
                }
            }
        };
        self.started = true;
        Ok(Step::Record { len: len as usize, content })
    }

    fn block<'a>(&mut self, b: Block<'a>, offset: u64, problems: &mut Problems) -> Content<'a> {
        match b {
            Block::SectionHeader(_) => {
                self.interfaces.clear();
                Content::Meta
            }
            Block::InterfaceDescription(idb) => {
                let number = (idb.linktype.0 as u32) & 0xffff;
                let link = LinkType::from_number(number);
                match link {
                    Some(l) if !self.seen.contains(&l) => self.seen.push(l),
                    Some(_) => {}
                    None => problems.push(
                        Location::Offset(offset),
                        ProblemKind::UnknownLinkType { link_type: number, name: link::unknown_name(number) },
                    ),
                }
                self.interfaces.push(link);
                Content::Meta
            }
            Block::EnhancedPacket(epb) => {
                // The block's data is padded to 32 bits; the frame is its first caplen bytes.
                let data = epb.data.get(..epb.caplen as usize).unwrap_or(epb.data);
                self.packet(epb.if_id, data, offset, problems)
            }
            Block::SimplePacket(spb) => {
                // No caplen: the frame is min(original length, what the block holds).
                let data = spb.data.get(..spb.origlen as usize).unwrap_or(spb.data);
                self.packet(0, data, offset, problems)
            }
            _ => Content::Meta,
        }
    }

    fn packet<'a>(&self, interface: u32, data: &'a [u8], offset: u64, problems: &mut Problems) -> Content<'a> {
        match self.interfaces.get(interface as usize) {
            Some(Some(link)) => Content::Packet { link: *link, data },
            Some(None) => Content::Skipped,
            None => {
                problems.push(Location::Offset(offset), ProblemKind::UnknownInterface { interface });
                Content::Skipped
            }
        }
    }
}

fn block_name(block_type: u32) -> &'static str {
    match block_type {
        SHB => "pcapng section header block",
        1 => "pcapng interface description block",
        2 => "pcapng (obsolete) packet block",
        3 => "pcapng simple packet block",
        4 => "pcapng name resolution block",
        5 => "pcapng interface statistics block",
        6 => "pcapng enhanced packet block",
        10 => "pcapng decryption secrets block",
        _ => "pcapng block",
    }
}

/// The first four bytes, for messages.
pub(crate) fn hex4(buf: &[u8]) -> String {
    buf.iter().take(4).map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(" ")
}
