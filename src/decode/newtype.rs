//! Open newtypes over wire integers, declared from one list: each entry gives the constant, the
//! value and (when it differs from the constant) the registry's name, and the macro makes the
//! constants and the name lookup from it, so the two cannot drift apart. Unknown values and
//! unknown flag bits are kept: whether an odd value matters is a rule's call, not the decoder's.
//! In the spirit of rustls' `enum_builder!` and rusticata's `newtype_enum!`, but open (no
//! `Unknown(x)` variant to match on: the value is the type).
//!
//! A value listed twice fails to compile (a const assertion in each macro).

/// A wire value (`u8`/`u16`) as an open newtype: `pub const`s, `name()` and `Display`.
///
/// ```ignore
/// open_enum! {
///     /// doc of the type
///     #[derive(PartialOrd, Ord)]             // extra derives, if any
///     pub struct HandshakeType(u8), display decimal;   // or `display hex`, and `, grease`
///     CLIENT_HELLO = 1 => "client_hello",    // constant = value => registry name
///     TLS_FALLBACK_SCSV = 0x5600,            // the constant's own name is the registry's
/// }
/// ```
///
/// `display decimal` prints `client_hello (1)` / `unknown (7)`; `display hex` prints
/// `TLS 1.2 (0x0303)` / `0xfefe`. `grease` names RFC 8701 GREASE values `GREASE`.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident($repr:ty), display $display:ident $(, $grease:ident)?;
        $(
            $(#[$cmeta:meta])*
            $konst:ident = $value:literal $(=> $text:literal)?,
        )*
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        $vis struct $name(pub $repr);

        impl $name {
            $( $(#[$cmeta])* pub const $konst: $name = $name($value); )*

            /// The registry's name, or `None` for a value this table does not list.
            pub fn name(self) -> Option<&'static str> {
                match self.0 {
                    $( $value => Some($crate::decode::newtype::open_enum!(@text $konst $($text)?)), )*
                    $( _ if $crate::decode::newtype::open_enum!(@$grease self.0) => Some("GREASE"), )?
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                $crate::decode::newtype::open_enum!(@display $display self, f)
            }
        }

        // No value listed twice (the second entry's name would never be shown).
        const _: () = {
            let values: &[$repr] = &[$( $value ),*];
            let mut i = 0;
            while i < values.len() {
                let mut j = i + 1;
                while j < values.len() {
                    assert!(values[i] != values[j], "a value is listed twice");
                    j += 1;
                }
                i += 1;
            }
        };
    };
    (@text $konst:ident) => { stringify!($konst) };
    (@text $konst:ident $text:literal) => { $text };
    (@grease $v:expr) => { $crate::decode::tls::is_grease($v) };
    (@display decimal $s:ident, $f:ident) => {
        write!($f, "{} ({})", $s.name().unwrap_or("unknown"), $s.0)
    };
    (@display hex $s:ident, $f:ident) => {
        match $s.name() {
            Some(n) => write!($f, "{n} ({:#06x})", $s.0),
            None => write!($f, "{:#06x}", $s.0),
        }
    };
}

/// A flags word as an open newtype: `pub const` bits (as the integer, for `contains`), the
/// names of the set bits in bit order, and the set bits no entry names. Every bit is kept
/// (the `from_bits_retain` of the `bitflags` crate is the plain constructor here).
///
/// ```ignore
/// open_flags! {
///     pub struct Capabilities(u32);
///     CLIENT_LONG_PASSWORD = 1,
///     CLIENT_FOUND_ROWS = 1 << 1,
/// }
/// ```
macro_rules! open_flags {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident($repr:ty);
        $(
            $(#[$cmeta:meta])*
            $konst:ident = $bit:expr,
        )*
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        $vis struct $name(pub $repr);

        impl $name {
            $( $(#[$cmeta])* pub const $konst: $repr = $bit; )*

            /// Every entry, lowest bit first.
            const NAMES: &'static [($repr, &'static str)] = &[$( (Self::$konst, stringify!($konst)), )*];

            pub fn contains(self, flag: $repr) -> bool {
                self.0 & flag == flag
            }

            /// Names of the set bits, lowest first.
            pub fn names(self) -> Vec<&'static str> {
                Self::NAMES.iter().filter(|(bit, _)| self.0 & bit != 0).map(|(_, name)| *name).collect()
            }

            /// Set bits no entry names (kept, shown as hex).
            pub fn unknown_bits(self) -> $repr {
                Self::NAMES.iter().fold(self.0, |acc, (bit, _)| acc & !bit)
            }
        }

        // One bit per entry, none listed twice.
        const _: () = {
            let bits: &[$repr] = &[$( $bit ),*];
            let mut all: $repr = 0;
            let mut i = 0;
            while i < bits.len() {
                assert!(bits[i].count_ones() == 1, "a flag entry is not a single bit");
                assert!(all & bits[i] == 0, "a flag bit is listed twice");
                all |= bits[i];
                i += 1;
            }
        };
    };
}

pub(crate) use open_enum;
pub(crate) use open_flags;

#[cfg(test)]
mod tests {
    open_enum! {
        struct Sample(u16), display hex, grease;
        ONE = 1 => "one",
        TLS_TWO = 2,
    }

    open_enum! {
        struct Small(u8), display decimal;
        SEVEN = 7 => "seven",
    }

    open_flags! {
        struct Bits(u8);
        LOW = 1,
        HIGH = 1 << 7,
    }

    #[test]
    fn names_listed_values_and_keeps_the_rest() {
        assert_eq!((Sample::ONE.name(), Sample::TLS_TWO.name()), (Some("one"), Some("TLS_TWO")));
        assert_eq!(Sample(0x0A0A).name(), Some("GREASE"));
        assert_eq!(Sample(3).name(), None);
        assert_eq!([Sample::ONE.to_string(), Sample(0xFEFE).to_string()], ["one (0x0001)", "0xfefe"]);
        assert_eq!([Small::SEVEN.to_string(), Small(8).to_string()], ["seven (7)", "unknown (8)"]);
        assert_eq!(Small(0x0A).name(), None, "GREASE only where asked for");
    }

    #[test]
    fn keeps_unknown_flag_bits() {
        let b = Bits(0b1000_0011);
        assert_eq!(b.names(), vec!["LOW", "HIGH"]);
        assert_eq!(b.unknown_bits(), 0b10);
        assert!(b.contains(Bits::LOW | Bits::HIGH));
        assert!(!Bits(0).contains(Bits::LOW));
    }
}
