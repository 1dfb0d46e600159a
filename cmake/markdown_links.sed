# Doxygen 1.9 gives a Markdown heading no GitHub-style anchor, so the API reference cannot follow a link
# to a section: a link within a page keeps its text only, and a link to a section of another page leads
# to that page. Doxygen runs this on every .md file it reads, as one text (`sed -E -z`: a link may span
# lines), through FILTER_PATTERNS in docs/Doxyfile.in.
s/\[([^]]*)\]\(#[^)]*\)/\1/g
s/\]\(([^)#]*\.md)#[^)]*\)/](\1)/g
