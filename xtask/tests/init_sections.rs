//! `kconfig/init-sections.py`, which decides what of the mediator Xen
//! frees after boot, run on small objects the host's C compiler makes: it
//! must move what only boot code reaches, keep everything else, and refuse
//! resident code that refers to boot-only sections.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits in the workspace")
        .to_path_buf()
}

/// Compiles `source` into a relocatable object in a scratch directory of
/// its own, with a section per function and per object as rustc makes.
fn object(name: &str, source: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("init-sections-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let c = dir.join("input.c");
    std::fs::write(&c, source).unwrap();
    let obj = dir.join("input.o");
    let out = Command::new("cc")
        .args(["-c", "-O1", "-ffunction-sections", "-fdata-sections"])
        .args(["-fno-asynchronous-unwind-tables", "-fno-pic", "-o"])
        .arg(&obj)
        .arg(&c)
        .output()
        .expect("running cc");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    obj
}

fn script(args: &[&Path]) -> Output {
    Command::new("python3")
        .arg(root().join("kconfig/init-sections.py"))
        .args(args)
        .output()
        .expect("running python3")
}

/// The linker script written for `obj`.
fn placement(obj: &Path) -> String {
    let lds = obj.with_extension("lds");
    let out = script(&[Path::new("script"), obj, &lds]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(lds).unwrap()
}

/// The input sections a linker script sends to the output section `name`.
fn inputs<'a>(lds: &'a str, name: &str) -> &'a str {
    let start = lds.find(&format!("{name} : {{")).expect(name);
    let end = start + lds[start..].find('}').unwrap();
    &lds[start..end]
}

const MIXED: &str = r#"
static const char boot_name[] = "only boot reads this";
static const char kept_name[] = "resident code reads this";
const char *volatile sink;

__attribute__((noinline)) static int boot_helper(int x) { sink = boot_name; return x * 3; }
__attribute__((noinline)) static int shared_helper(int x) { return x + 7; }

__attribute__((section(".init.text"))) int boot_entry(int x)
{
    return boot_helper(x) + shared_helper(x);
}

int resident_entry(int x)
{
    sink = kept_name;
    return shared_helper(x);
}
"#;

#[test]
fn what_only_boot_code_reaches_moves_and_the_rest_stays() {
    let lds = placement(&object("mixed", MIXED));
    let init_text = inputs(&lds, ".init.text");
    let init_rodata = inputs(&lds, ".init.rodata");
    assert!(init_text.contains(".text.boot_helper"), "{lds}");
    assert!(!init_text.contains("shared_helper"), "{lds}");
    assert!(!init_text.contains("resident_entry"), "{lds}");
    assert!(init_rodata.contains(".rodata.boot_name"), "{lds}");
    assert!(!init_rodata.contains("kept_name"), "{lds}");
}

#[test]
fn the_placement_does_not_depend_on_names() {
    let renamed = MIXED
        .replace("boot_helper", "zz_module_renamed_walk")
        .replace("boot_name", "zz_other_table");
    let lds = placement(&object("renamed", &renamed));
    let init_text = inputs(&lds, ".init.text");
    assert!(init_text.contains(".text.zz_module_renamed_walk"), "{lds}");
    assert!(inputs(&lds, ".init.rodata").contains(".rodata.zz_other_table"));
}

#[test]
fn a_function_other_objects_may_call_stays() {
    let source = MIXED.replace(
        "__attribute__((noinline)) static int boot_helper",
        "__attribute__((noinline)) int boot_helper",
    );
    let lds = placement(&object("exported", &source));
    assert!(!inputs(&lds, ".init.text").contains("boot_helper"), "{lds}");
}

#[test]
fn resident_code_calling_boot_code_is_refused() {
    let source = r#"
__attribute__((section(".init.text"), noinline)) int boot_only(int x) { return x + 1; }
int resident(int x) { return boot_only(x); }
"#;
    let obj = object("refused", source);
    let out = script(&[Path::new("check"), &obj]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("resident .text.resident refers to boot-only .init.text"),
        "{err}"
    );
    let fine = object("fine", MIXED);
    assert!(script(&[Path::new("check"), &fine]).status.success());
}
