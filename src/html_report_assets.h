#pragma once

// The HTML report's static furniture, embedded at build time (cmake/embed.cmake): edited as
// CSS and JS, shipped inside the one binary so the page stays self-contained.

/// src/html_report.css: the page's look. Colours are variables so that a dark system theme
/// gets dark colours, and the SVG chart, being inline, takes them too.
extern const char* const kHtmlReportStyle;

/// src/html_report.js: what JS adds to a page that works without it: a tooltip for each bar,
/// bars and rows that light each other up, a click on a bar that opens its log, and buttons
/// for the logs.
extern const char* const kHtmlReportScript;
