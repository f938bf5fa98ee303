//! `benbao-ner`: one text a line on stdin, one `{"entities":[...]}` JSON line a line on stdout.
fn main() {
    if let Err(e) = benbao_ner::run_stdin_stdout() {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("benbao-ner: {e}");
            std::process::exit(1);
        }
    }
}
