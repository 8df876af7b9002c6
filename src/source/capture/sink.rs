//! Where frames go, from a capture file or from pasted packets alike: decoded to TCP, counted,
//! and fed to the connection table.

use super::connections::Table;
use super::error::{Location, ProblemKind};
use super::link::LinkType;
use super::packet::{self, Frame};
use super::problems::Problems;
use super::Decoded;

#[derive(Debug, Default)]
pub(crate) struct Sink {
    pub table: Table,
    pub problems: Problems,
    /// Frames seen, decodable or not (the next frame's number is `frames + 1`).
    pub frames: usize,
    /// Frames on a decodable link type.
    decoded: usize,
    tcp: usize,
    not_ip: usize,
    not_tcp: usize,
}

impl Sink {
    /// A frame that cannot be decoded (its problem is already reported); it keeps its number.
    pub(crate) fn skipped(&mut self) {
        self.frames += 1;
    }

    /// One frame; problems are reported at `at` (its line for text, its frame number otherwise).
    pub(crate) fn frame(&mut self, at: Option<Location>, link: LinkType, data: &[u8]) {
        self.frames += 1;
        self.decoded += 1;
        let at = at.unwrap_or(Location::Frame(self.frames));
        match packet::decode(link, data) {
            Ok(Frame::Tcp(seg)) => {
                self.tcp += 1;
                self.table.segment(self.frames, &seg, &mut self.problems);
            }
            Ok(Frame::NotIp) => self.not_ip += 1,
            Ok(Frame::NotTcp) => self.not_tcp += 1,
            Ok(Frame::Fragment { fragment_offset }) => {
                self.problems.push(at, ProblemKind::Fragment { fragment_offset })
            }
            Err(e) => self.problems.push(at, ProblemKind::Packet(e)),
        }
    }

    pub(crate) fn decoded_frames(&self) -> usize {
        self.decoded
    }

    pub(crate) fn connections(&self) -> usize {
        self.table.len()
    }

    pub(crate) fn finish(mut self, link_type: String) -> Decoded {
        if self.tcp == 0 && self.frames > 0 {
            self.problems.push(
                Location::Input,
                ProblemKind::NoTcp { frames: self.frames, not_ip: self.not_ip, not_tcp: self.not_tcp },
            );
        }
        let connections = self.table.finish(&mut self.problems);
        Decoded::Connections { connections, link_type, frames: self.frames, problems: self.problems.into_vec() }
    }
}
