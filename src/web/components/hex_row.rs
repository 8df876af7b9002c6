//! One row of the hex view: offset, 16 bytes in hex, the same bytes as text. A row is its own
//! component so that lighting a field re-renders only the rows whose marks change.

use yew::prelude::*;

use crate::web::state::hex_model::RowMarks;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Offset of the row's first byte in the direction's bytes.
    pub offset: usize,
    pub bytes: Vec<u8>,
    pub marks: RowMarks,
    /// The keyboard cursor, as an index in this row.
    pub cursor: Option<usize>,
}

#[function_component]
pub fn HexRow(props: &Props) -> Html {
    let m = props.marks;
    let class = |i: usize, base: &'static str| {
        let on = |bits: u16| bits & (1 << i) != 0;
        classes!(
            base,
            on(m.covered).then_some("m"),
            on(m.odd).then_some("odd"),
            on(m.selected).then_some("sel"),
            on(m.lit).then_some("lit"),
            (props.cursor == Some(i)).then_some("cur")
        )
    };
    let hex = props.bytes.iter().enumerate().map(|(i, b)| {
        html! { <span class={class(i, "b")} data-off={(props.offset + i).to_string()}>{format!("{b:02x}")}</span> }
    });
    let text = props.bytes.iter().enumerate().map(|(i, &b)| {
        let c = if b.is_ascii_graphic() || b == b' ' { b as char } else { '.' };
        html! { <span class={class(i, "a")} data-off={(props.offset + i).to_string()}>{c}</span> }
    });
    html! {
        <div class="hex-row" data-row={props.offset.to_string()}>
            <span class="off">{format!("{:06x}", props.offset)}</span>
            <span class="hex-bytes">{for hex}</span>
            <span class="hex-text" aria-hidden="true">{for text}</span>
        </div>
    }
}
