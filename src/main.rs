use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = brief::cli::Cli::parse();
    match brief::cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // Errors quote paths, values and names: printed only once made printable.
            eprintln!("brief: {}", brief::text::printable(&err.to_string()));
            ExitCode::from(2)
        }
    }
}
