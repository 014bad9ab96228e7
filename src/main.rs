use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = brief::cli::Cli::parse();
    match brief::cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("brief: {err}");
            ExitCode::from(2)
        }
    }
}
