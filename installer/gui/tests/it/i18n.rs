use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_syntax::ast;
use lainos_installer::branding::Branding;
use lainos_installer::i18n::catalog_path;

use crate::branding_dir;

/// Message id -> the variables it uses.
fn messages(path: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let res = fluent_syntax::parser::parse(text.as_str())
        .unwrap_or_else(|(_, errs)| panic!("{}: syntax errors {errs:?}", path.display()));
    let mut out = BTreeMap::new();
    for entry in res.body {
        if let ast::Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            if let Some(p) = &m.value {
                pattern_vars(p, &mut vars);
            }
            let dup = out.insert(m.id.name.to_string(), vars);
            assert!(dup.is_none(), "{}: `{}` twice", path.display(), m.id.name);
        }
    }
    out
}

fn pattern_vars(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let ast::PatternElement::Placeable { expression } = el {
            expr_vars(expression, vars);
        }
    }
}

fn expr_vars(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Inline(i) => inline_vars(i, vars),
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for v in variants {
                pattern_vars(&v.value, vars);
            }
        }
    }
}

fn inline_vars(i: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expr_vars(expression, vars),
        _ => {}
    }
}

#[test]
fn every_language_has_every_message_and_no_unknown_argument() {
    let branding = Branding::load(&branding_dir()).unwrap();
    let dir = branding.locales_dir();
    let source = messages(&catalog_path(&dir, "en"));
    assert!(source.len() > 80, "the source catalog looks truncated");
    let mut problems = vec![];
    for lang in &branding.languages {
        let m = messages(&catalog_path(&dir, &lang.code));
        for (id, vars) in &source {
            match m.get(id) {
                None => problems.push(format!("{}: missing `{id}`", lang.code)),
                Some(v) => {
                    for extra in v.difference(vars) {
                        problems.push(format!(
                            "{}: `{id}` uses ${extra}, which en does not have",
                            lang.code
                        ));
                    }
                }
            }
        }
        for id in m.keys().filter(|id| !source.contains_key(*id)) {
            problems.push(format!("{}: `{id}` is not in en", lang.code));
        }
    }
    assert!(
        problems.is_empty(),
        "translation problems:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_eleven_languages_are_offered_and_arabic_is_right_to_left() {
    let branding = Branding::load(&branding_dir()).unwrap();
    let codes: Vec<&str> = branding.languages.iter().map(|l| l.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "en", "de", "fr", "es", "it", "pt-BR", "pl", "ru", "ja", "zh-CN", "ar"
        ]
    );
    for l in &branding.languages {
        assert_eq!(l.rtl, l.code == "ar", "{}", l.code);
    }
}

#[test]
fn branding_slides_and_pages_are_messages() {
    let branding = Branding::load(&branding_dir()).unwrap();
    let source = messages(&catalog_path(&branding.locales_dir(), "en"));
    for s in &branding.slideshow {
        assert!(source.contains_key(s), "slide `{s}` has no message");
    }
    for p in lainos_installer::app::Page::ALL {
        assert!(
            source.contains_key(p.id()),
            "page `{}` has no message",
            p.id()
        );
    }
    assert!(branding.logo_path().is_file());
}

/// Every kebab-case string literal in the GUI's source is a message of the source
/// catalog: a typo in an ID fails here, not on screen.
#[test]
fn every_message_id_in_the_code_exists() {
    let branding = Branding::load(&branding_dir()).unwrap();
    let source = messages(&catalog_path(&branding.locales_dir(), "en"));
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![];
    let mut stack = vec![src];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files.push(p);
            }
        }
    }
    let mut missing = vec![];
    let mut seen = 0;
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for lit in text.split('"').skip(1).step_by(2) {
            let kebab = lit.contains('-')
                && !lit.starts_with('-')
                && !lit.ends_with('-')
                && lit
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !kebab || lit.starts_with("lainos") {
                continue;
            }
            seen += 1;
            if !source.contains_key(lit) {
                missing.push(format!("{}: \"{lit}\"", f.display()));
            }
        }
    }
    assert!(seen > 50, "found only {seen} message IDs in the code");
    assert!(missing.is_empty(), "IDs not in en:\n{}", missing.join("\n"));
}
