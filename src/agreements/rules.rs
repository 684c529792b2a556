//! Agreement content rules, free of IO.

/// The longest notice, in characters of Markdown.
pub const CONTENT_MAX_CHARS: usize = 20_000;

/// Markdown to HTML that is safe to show: raw HTML, scripts, event handlers and `javascript:`
/// links are removed by ammonia's allow-list. Headings start at level 2 so that a notice shown
/// inside a page (whose own title is its one `h1`) keeps the outline in order.
#[cfg(feature = "ssr")]
pub fn render_markdown(markdown: &str) -> String {
    use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
    fn demote(level: HeadingLevel) -> HeadingLevel {
        match level {
            HeadingLevel::H1 => HeadingLevel::H2,
            HeadingLevel::H2 => HeadingLevel::H3,
            HeadingLevel::H3 => HeadingLevel::H4,
            HeadingLevel::H4 => HeadingLevel::H5,
            _ => HeadingLevel::H6,
        }
    }
    let parser = pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES)
        .map(|event| match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => Event::Start(Tag::Heading {
                level: demote(level),
                id,
                classes,
                attrs,
            }),
            Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
            other => other,
        });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    ammonia::clean(&html)
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::render_markdown;

    #[test]
    fn markdown_renders_and_scripts_do_not() {
        let html = render_markdown(
            "# 须知\n\n**加粗** <script>alert(1)</script> [x](javascript:alert(1))",
        );
        assert!(html.contains("<h2>须知</h2>"), "{html}");
        assert!(html.contains("<strong>加粗</strong>"));
        assert!(!html.contains("<script"));
        assert!(!html.contains("javascript:"));
    }

    #[test]
    fn headings_sit_below_the_pages_own_title() {
        let html = render_markdown("# a\n## b\n###### c");
        assert!(html.contains("<h2>a</h2>") && html.contains("<h3>b</h3>"));
        assert!(html.contains("<h6>c</h6>"));
        assert!(!html.contains("<h1"));
    }
}
