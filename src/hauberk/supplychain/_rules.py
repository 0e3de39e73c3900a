"""The rules the artifact scanner reports. Severity here is the default; findings may raise it."""

from __future__ import annotations

from hauberk.core import Rule, Severity

_ATLAS = ("AML.T0010.003", "AML.T0011.000")
_OWASP = ("ML06:2023",)
_PICKLE_PAPER = (
    "Trail of Bits, 'Never a dill moment: exploiting machine learning pickle files' (2021)",
    "JFrog, 'Data scientists targeted by malicious Hugging Face ML models' (2024)",
)
_LOAD_SAFE = (
    "Do not load this file. Ask the publisher for a safetensors or ONNX export, or load it "
    "with torch.load(weights_only=True) only after the scan is clean."
)


def _rule(
    rule_id: str,
    title: str,
    severity: Severity,
    description: str,
    remediation: str = _LOAD_SAFE,
    papers: tuple[str, ...] = (),
    also: tuple[tuple[Severity, str], ...] = (),
) -> Rule:
    return Rule(rule_id, title, severity, description, remediation, _ATLAS, _OWASP, papers, also)


PICKLE_GLOBAL = _rule(
    "HB-SC-PICKLE-GLOBAL",
    "Pickle imports a dangerous callable",
    Severity.CRITICAL,
    "The pickle stream imports a global that reaches a shell, code evaluation, imports, "
    "attribute lookup by string, files, sockets, native code, debuggers, profilers, package "
    "installers, browsers or a nested unpickler. Loading the file runs it.",
    papers=_PICKLE_PAPER,
)
PICKLE_CALL = _rule(
    "HB-SC-PICKLE-CALL",
    "Pickle calls a callable outside the allowlist",
    Severity.HIGH,
    "Loading the stream calls a global that is not an allowed reconstructor (REDUCE, NEWOBJ, "
    "OBJ, INST, or BUILD through its __setstate__), hands it to an allowed callable that calls "
    "it (functools.partial, map, itertools.starmap, copyreg._reconstructor...), calls an "
    "allowed reconstructor with arguments outside what it was reviewed for, or imports a "
    "global that is risky by itself. Nothing vouches for what that code does.",
    papers=_PICKLE_PAPER,
)
PICKLE_UNKNOWN = _rule(
    "HB-SC-PICKLE-UNKNOWN",
    "Pickle imports a global outside the allowlist",
    Severity.MEDIUM,
    "The pickle stream imports a module attribute that is not a known safe reconstructor, "
    "without calling it. Importing a module runs its top-level code.",
    "Check that the named module and callable are expected and trusted; prefer a "
    "weights-only format (safetensors, ONNX).",
    also=((Severity.LOW, "a NumPy object array's header: its pickle is reported on its own"),),
)
PICKLE_DYNAMIC = _rule(
    "HB-SC-PICKLE-DYNAMIC",
    "Pickle calls something computed at load time",
    Severity.HIGH,
    "The stream calls a value that was itself produced by a call, or builds a global name "
    "from computed strings, so no static policy can say what runs.",
    papers=_PICKLE_PAPER,
)
PICKLE_MALFORMED = _rule(
    "HB-SC-PICKLE-MALFORMED",
    "Malformed pickle stream: could not vouch",
    Severity.HIGH,
    "The stream is truncated, has length fields that lie, underflows its stack, refers to "
    "memo entries that do not exist or otherwise makes the unpickler raise, so the scanner "
    "cannot vouch for it. Calls made before the failure still run, and findings made before "
    "it are kept.",
    papers=_PICKLE_PAPER,
)
PICKLE_TRAILING = _rule(
    "HB-SC-PICKLE-TRAILING",
    "Data after the end of a pickle",
    Severity.MEDIUM,
    "Bytes follow the STOP opcode. A second pickle hidden there runs when the consumer "
    "calls load() again, and scanners that stop at the first STOP miss it.",
)
PICKLE_FRAME = _rule(
    "HB-SC-PICKLE-FRAME",
    "Inconsistent pickle frames",
    Severity.HIGH,
    "FRAME lengths disagree with the opcodes they hold. CPython's C and Python unpicklers "
    "treat such streams differently, which lets a payload hide from one of them.",
)
PICKLE_EXTENSION = _rule(
    "HB-SC-PICKLE-EXTENSION",
    "Pickle uses the copyreg extension registry",
    Severity.HIGH,
    "EXT1/EXT2/EXT4 name a callable by a number registered at run time, which cannot be "
    "resolved from the file alone.",
)
PICKLE_BUILD_GLOBAL = _rule(
    "HB-SC-PICKLE-MUTATE",
    "Pickle changes the state of an imported object",
    Severity.HIGH,
    "BUILD is applied to an imported class, function or module, which sets attributes on it "
    "for the whole process (monkey-patching at load time).",
)
PICKLE_NESTED = _rule(
    "HB-SC-PICKLE-NESTED",
    "Pickle carries a nested payload",
    Severity.CRITICAL,
    "The stream passes embedded bytes to a nested deserialiser (pickle.loads, marshal, "
    "torch.load). The embedded payload was scanned as well; its findings follow.",
    papers=_PICKLE_PAPER,
)
LIMIT = _rule(
    "HB-SC-LIMIT",
    "Scan limit reached: could not vouch",
    Severity.HIGH,
    "The file exceeds a size, work, nesting or time limit of the scanner, so it was not "
    "fully inspected and the scanner cannot vouch for it. Files built to exhaust scanners "
    "look like this, and a payload placed after the limit is not seen; findings made before "
    "it are kept.",
    "Inspect the file by other means, or raise the limit if the file is trusted and large.",
)
UNVERIFIABLE = _rule(
    "HB-SC-UNVERIFIABLE",
    "Scanner could not vouch for the file",
    Severity.HIGH,
    "Part of the file could not be inspected: a container member that does not unpack "
    "(unsupported compression method, headers that disagree, a corrupt stream), content "
    "nested too deeply, or an error in the scanner itself. Loaders may still read that part "
    "(often only its first bytes, where a payload runs), so the file is not clean. Findings "
    "made before the failure are reported as well.",
    "Do not load the file until it has been inspected by other means; rebuild the archive "
    "with standard tools from trusted content.",
)
POLYGLOT = _rule(
    "HB-SC-POLYGLOT",
    "File is also a pickle",
    Severity.HIGH,
    "The file is a valid file of one format and, read from its first byte, also a pickle "
    "stream that imports or calls Python objects. A loader that falls back to pickle "
    "(numpy.load(allow_pickle=True), torch.load(weights_only=False), joblib.load, "
    "pickle.load) runs it, while tools that judge the file by its first format see nothing.",
)
FORMAT_MALFORMED = _rule(
    "HB-SC-FORMAT-MALFORMED",
    "Malformed model file",
    Severity.MEDIUM,
    "The file does not follow its format: truncated, inconsistent lengths or offsets, or "
    "structures that a loader would reject or interpret differently from this scanner.",
    "Re-export the model from a trusted source; do not load a malformed file.",
)
ARCHIVE_TRAVERSAL = _rule(
    "HB-SC-ARCHIVE-PATH",
    "Archive member escapes the extraction folder",
    Severity.HIGH,
    "A member name is absolute or contains '..', or a member is a link; extracting the "
    "archive writes outside its folder (zip-slip).",
    "Do not extract this archive; rebuild it with relative member names and no links.",
)
ARCHIVE_BOMB = _rule(
    "HB-SC-ARCHIVE-BOMB",
    "Archive expands beyond limits",
    Severity.HIGH,
    "A member's compression ratio, the total unpacked size, the member count or the nesting "
    "depth exceeds the scanner's limits (zip bomb or scanner evasion).",
    "Do not unpack this archive.",
)
ARCHIVE_INCONSISTENT = _rule(
    "HB-SC-ARCHIVE-INCONSISTENT",
    "Archive structure is inconsistent",
    Severity.MEDIUM,
    "Duplicate member names or checksums that do not match: different tools would read "
    "different content from the same file, which is a known way to hide a payload.",
    "Rebuild the archive from trusted content.",
)
KERAS_LAMBDA = _rule(
    "HB-SC-KERAS-LAMBDA",
    "Keras model contains Python code",
    Severity.CRITICAL,
    "A Lambda layer (or serialised function) stores Python bytecode that runs when the model "
    "is loaded with safe_mode disabled or by older Keras versions.",
    "Replace Lambda layers with built-in or registered layers; load with safe_mode=True.",
    papers=("CVE-2024-3660",),
)
KERAS_CUSTOM = _rule(
    "HB-SC-KERAS-CUSTOM",
    "Keras model needs custom code",
    Severity.MEDIUM,
    "The model configuration names classes or functions from modules outside Keras; loading "
    "it imports and runs that code.",
    "Check that the custom modules are yours and trusted.",
    also=(
        (Severity.HIGH, "a custom object is one the pickle policy rates high"),
        (
            Severity.CRITICAL,
            "a custom object is one the pickle policy rates critical (shell, "
            "code evaluation, files, network)",
        ),
    ),
)
UNINSPECTED = _rule(
    "HB-SC-UNINSPECTED",
    "File could not be inspected",
    Severity.MEDIUM,
    "The file's format was recognised but the scanner could not inspect its contents (a "
    "parser is missing or the content is encrypted or unsupported).",
    "Install the optional parser named in the detail and scan again.",
)
ONNX_DOMAIN = _rule(
    "HB-SC-ONNX-DOMAIN",
    "ONNX model uses custom operators",
    Severity.MEDIUM,
    "Nodes or opsets use a domain outside the ONNX standard ones; running the model needs a "
    "native custom-operator library, which is code.",
    "Check that the custom-operator library is trusted and pinned.",
)
ONNX_EXTERNAL = _rule(
    "HB-SC-ONNX-EXTERNAL",
    "ONNX external data escapes the model folder",
    Severity.HIGH,
    "An external-data location is absolute or climbs out of the model's folder; loading the "
    "model reads an arbitrary file (CVE-2022-25882 class).",
    "Keep external data files beside the model with relative names.",
    papers=("CVE-2022-25882", "CVE-2024-27318"),
)
SAFETENSORS = _rule(
    "HB-SC-SAFETENSORS",
    "Inconsistent safetensors file",
    Severity.HIGH,
    "The header is malformed or oversized, or tensor offsets overlap, leave gaps, fall outside "
    "the file or disagree with dtype and shape.",
    "Re-export the tensors with the safetensors library from a trusted source.",
)
LOAD_REFUSED = _rule(
    "HB-SC-LOAD-REFUSED",
    "Model file refused before loading",
    Severity.CRITICAL,
    "Verified loading refused the model file: its digest or signature does not match, or the "
    "artifact scan flagged it or could not vouch for it. Nothing was deserialised and no "
    "check that needs the model ran.",
    "Find out why the file changed or what the scan found (hauberk scan FILE); use the "
    "publisher's original file.",
)
TORCHSCRIPT_CODE = _rule(
    "HB-SC-TORCHSCRIPT-CODE",
    "TorchScript code reaches files or native code",
    Severity.HIGH,
    "The TorchScript source in the archive's code/ folder calls operators that read or map "
    "files (aten::from_file), operators from custom namespaces (native libraries), or code "
    "that TorchScript cannot compile. TorchScript runs when the module is loaded "
    "(__setstate__) and called.",
    "Check the TorchScript code; export the weights as safetensors instead.",
    also=((Severity.MEDIUM, "only custom operator namespaces or imports, no file access"),),
)
GGUF_TEMPLATE = _rule(
    "HB-SC-GGUF-TEMPLATE",
    "GGUF chat template reaches Python internals",
    Severity.CRITICAL,
    "The Jinja chat template walks dunder attributes (__class__, __globals__, "
    "__subclasses__, __builtins__, __init__ of cycler/joiner/namespace) to escape the "
    "template sandbox; rendering it runs code (CVE-2024-34359).",
    "Do not render this template; replace it with the publisher's original.",
    papers=("CVE-2024-34359",),
)

ALL_RULES: tuple[Rule, ...] = (
    PICKLE_GLOBAL,
    PICKLE_CALL,
    PICKLE_UNKNOWN,
    PICKLE_DYNAMIC,
    PICKLE_MALFORMED,
    PICKLE_TRAILING,
    PICKLE_FRAME,
    PICKLE_EXTENSION,
    PICKLE_BUILD_GLOBAL,
    PICKLE_NESTED,
    LIMIT,
    UNVERIFIABLE,
    POLYGLOT,
    FORMAT_MALFORMED,
    ARCHIVE_TRAVERSAL,
    ARCHIVE_BOMB,
    ARCHIVE_INCONSISTENT,
    KERAS_LAMBDA,
    KERAS_CUSTOM,
    UNINSPECTED,
    ONNX_DOMAIN,
    ONNX_EXTERNAL,
    SAFETENSORS,
    LOAD_REFUSED,
    TORCHSCRIPT_CODE,
    GGUF_TEMPLATE,
)
