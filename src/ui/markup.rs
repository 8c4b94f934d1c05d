//! A small markup writer for the read-only parts of the page (group and
//! member facts, the rebalance strip, the lag charts, the cluster view's
//! logs …). They are redrawn on every step; written into one string they
//! cost a fraction of the wasm that as many `html!` elements would (the
//! page has a bundle budget), and Yew keeps the DOM untouched while the
//! string is unchanged. Controls (buttons, inputs, selects) stay `html!`,
//! so focus and listeners behave as everywhere else. Every text and
//! attribute value goes through [`escape`], so names from a scenario file
//! stay text. Inside an `html!` `<svg>` the markup is parsed as SVG.

use std::borrow::Cow;
use std::fmt::Write;

use yew::{AttrValue, Html};

/// `&`, `<`, `>` and `"` as entities: safe in text and in attribute values.
pub(super) fn escape(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[derive(Default)]
pub(super) struct Markup(String);

impl Markup {
    /// `<tag attrs>`; `attrs` is written as given (escape its values).
    pub fn open(&mut self, tag: &str, attrs: &str) -> &mut Self {
        let _ = match attrs {
            "" => write!(self.0, "<{tag}>"),
            _ => write!(self.0, "<{tag} {attrs}>"),
        };
        self
    }

    pub fn close(&mut self, tag: &str) -> &mut Self {
        let _ = write!(self.0, "</{tag}>");
        self
    }

    pub fn text(&mut self, text: &str) -> &mut Self {
        self.0.push_str(&escape(text));
        self
    }

    /// `<tag class="class">text</tag>`, or `<tag>text</tag>` with no class.
    pub fn el(&mut self, tag: &str, class: &str, text: &str) -> &mut Self {
        match class {
            "" => self.open(tag, ""),
            _ => self.open(tag, &format!(r#"class="{class}""#)),
        }
        .text(text)
        .close(tag)
    }

    /// An SVG shape with a tooltip: `<tag class attrs><title>…</title></tag>`.
    fn shape(&mut self, tag: &str, class: &str, attrs: &str, title: &str) -> &mut Self {
        self.open(tag, &format!(r#"class="{class}" {attrs}"#))
            .el("title", "", title)
            .close(tag)
    }

    pub fn rect(&mut self, class: &str, (x0, x1): (f64, f64), (y, h): (f64, f64), title: &str) {
        let w = (x1 - x0).max(2.0) as i32;
        let (x0, y, h) = (x0 as i32, y as i32, h as i32);
        let attrs = format!(r#"x="{x0}" y="{y}" width="{w}" height="{h}""#);
        self.shape("rect", class, &attrs, title);
    }

    pub fn circle(&mut self, class: &str, (x, y): (f64, f64), title: &str) {
        let attrs = format!(r#"cx="{}" cy="{}" r="4""#, x as i32, y as i32);
        self.shape("circle", class, &attrs, title);
    }

    pub fn line(&mut self, class: &str, (x1, y1): (f64, f64), (x2, y2): (f64, f64)) {
        let (x1, y1, x2, y2) = (x1 as i32, y1 as i32, x2 as i32, y2 as i32);
        let _ = write!(
            self.0,
            r#"<line class="{class}" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}"/>"#
        );
    }

    /// SVG text; `anchor` is `start`, `middle` or `end`.
    pub fn label(&mut self, class: &str, (x, y): (f64, f64), anchor: &str, text: &str) {
        let attrs = format!(
            r#"class="{class}" x="{}" y="{}" text-anchor="{anchor}""#,
            x as i32, y as i32
        );
        self.open("text", &attrs).text(text).close("text");
    }

    pub fn finish(self) -> Html {
        Html::from_html_unchecked(AttrValue::from(self.0))
    }

    /// A table's head: one row of column headers (`scope="col"`).
    pub fn thead(&mut self, heads: &[&str]) -> &mut Self {
        self.open("thead", "").open("tr", "");
        for head in heads {
            self.open("th", r#"scope="col""#).text(head).close("th");
        }
        self.close("tr").close("thead")
    }

    /// A select's option (the select stays `html!`). A changed list of
    /// options replaces them all, and the browser then selects the one
    /// marked `selected`: give every option of the select to one markup.
    pub fn option(&mut self, value: &str, selected: bool, text: &str) -> &mut Self {
        let selected = if selected {
            r#" selected="selected""#
        } else {
            ""
        };
        let attrs = format!(r#"value="{}"{selected}"#, escape(value));
        self.open("option", &attrs).text(text).close("option")
    }

    /// `write!(markup, …)` appends markup as given (escape its values):
    /// one call per element, where coordinates need `svg::px`'s decimal.
    pub fn write_fmt(&mut self, args: std::fmt::Arguments<'_>) {
        let _ = self.0.write_fmt(args);
    }
}
