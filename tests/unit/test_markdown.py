from db.markdown import markdown_to_safe_html


def test_formatting_survives():
    html = markdown_to_safe_html("**bold** and *soft*\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert "<strong>bold</strong>" in html and "<em>soft</em>" in html
    assert "<li>one</li>" in html and "<td>1</td>" in html


def test_raw_html_and_scripts_are_escaped_not_rendered():
    html = markdown_to_safe_html('<script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a>')
    assert "<script" not in html and "<img" not in html and "<a href" not in html
    assert "&lt;script&gt;" in html


def test_javascript_links_lose_their_href_and_web_links_get_noopener():
    html = markdown_to_safe_html("[bad](javascript:alert(1)) [good](https://example.com)")
    assert "javascript:" not in html.split("[bad]")[0]
    assert 'href="https://example.com"' in html and "noopener" in html and "noreferrer" in html


def test_headings_inside_a_section_sit_below_the_section_heading():
    assert markdown_to_safe_html("# Big\n## Smaller").count("<h3>") == 2
