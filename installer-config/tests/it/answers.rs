use lainos_config::parse_answer_file;

#[test]
fn scratch() {
    for f in ["examples/spec-example.yaml", "/tmp/bad.yaml"] {
        let text = std::fs::read_to_string(f).unwrap();
        let p = parse_answer_file(&text);
        for i in &p.issues { println!("{}", i.render(f)); }
    }
}
