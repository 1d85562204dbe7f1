// Help texts of the command and its subcommands.

export const MAIN_HELP = `Usage: processor-lens <command> [options] [PATH...]

Checks the save_data() methods of data-pipeline processors for exits that leave
self.stats["rows_inserted"] unset, so that run history records a false row count.

Commands:
  check [PATH...]      Report the exits that leave the stat unset (default PATH: .)
  audit [PATH...]      Print every processor and each exit of its save_data as a
                       Markdown checklist
  inventory [PATH...]  Join the findings with run history and table row counts

Options:
  -h, --help           Show this help, or a command's help after its name
  -v, --version        Show the version
  --debug              Print the stack trace of an internal error (the same as
                       PROCESSOR_LENS_DEBUG=1)

Run "processor-lens <command> --help" for the options of a command.
`;

export const CHECK_HELP = `Usage: processor-lens check [options] [PATH...]

Reports each exit of save_data() that leaves self.stats["rows_inserted"] unset.
A PATH is a Python file or a folder (default: the current folder). Base classes
outside PATH are still resolved through the enclosing workspace, the nearest
folder with a pyproject.toml; only findings inside PATH are reported.

Options:
  --format FORMAT      Output format: text, json or sarif (default: text)
  --fix                Apply the preferred quick fix of each finding, write the
                       files with their own line endings, and check again
  --select RULES       Report only these rules; comma-separated, repeatable
  --ignore RULES       Do not report these rules; comma-separated, repeatable
  --fail-on SEVERITY   Lowest severity that makes the exit code 1: error,
                       warning, information or hint (default: fail-on in
                       [tool.processor-lens], else error)
  -q, --quiet          Report only findings at or above --fail-on, and no
                       summary, fix report or skipped files
  --no-color           Do not colour the text output (NO_COLOR=1 does the same)
  --max-file-bytes N   Skip Python files larger than N bytes (default:
                       max-file-bytes in [tool.processor-lens], else 2 MB)
  --workers N          Read and scan files on N worker threads besides the main
                       thread (default: 0, only the main thread); folders of
                       fewer than 200 files are always scanned on the main thread
  --debug              Print the stack trace of an internal error
  -h, --help           Show this help

Rules: unset-after-write, unset-without-write, unset-on-raise, unused-suppression

Exit codes:
  0  no finding at or above the --fail-on severity
  1  at least one finding at or above the --fail-on severity
  2  invalid command line or configuration, a PATH that is missing,
     unreadable or not Python, a file the analysis failed on, or an
     internal error
`;

export const AUDIT_HELP = `Usage: processor-lens audit [PATH...]

Prints a Markdown checklist of every processor class under PATH (default: the
current folder), grouped by folder: where its effective save_data() is defined
and, for each exit, whether self.stats["rows_inserted"] is set on it.

Options:
  --max-file-bytes N   Skip Python files larger than N bytes (default:
                       max-file-bytes in [tool.processor-lens], else 2 MB)
  --workers N          Read and scan files on N worker threads besides the main
                       thread (default: 0, only the main thread); folders of
                       fewer than 200 files are always scanned on the main thread
  --debug              Print the stack trace of an internal error
  -h, --help           Show this help

Exit codes:
  0  the checklist was printed, whatever it contains
  2  invalid command line or configuration, a PATH that is missing,
     unreadable or not Python, a file the analysis failed on, or an
     internal error
`;
