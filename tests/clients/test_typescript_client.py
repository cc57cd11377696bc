"""The TypeScript client (clients/typescript) against a live server: its README's calls, type
checked by `tsc` (strict) and then run by Node."""

import json
import shutil
import subprocess

from tests.clients.conftest import ADMIN_TOKEN, TYPESCRIPT


def test_the_readme_walkthrough(server, typescript_tools):
    # tsc type-checks the client and the walkthrough against the generated types, then emits JS.
    compiled = subprocess.run(
        [str(typescript_tools / "tsc"), "-p", "."],
        cwd=TYPESCRIPT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    node = shutil.which("node")
    assert node is not None
    ran = subprocess.run(
        [node, "dist/smoke.js", server, ADMIN_TOKEN],
        cwd=TYPESCRIPT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    seen = json.loads(ran.stdout)
    assert seen["thread"] == ["<p>First!</p>"]
    assert seen["counts"] == {"https://ts.example/hello": 1, "https://ts.example/other": 0}
    assert seen["refused"] == "/problems/banned"
    assert seen["exported"] is True


def compile_call(tools, directory, sort: str) -> subprocess.CompletedProcess[str]:
    """`tsc --noEmit` on one call of the client, outside the client's folder."""
    index = TYPESCRIPT / "src" / "index.js"
    (directory / "call.ts").write_text(
        f"import {{ createParleyClient }} from {json.dumps(str(index))};\n"
        'void createParleyClient("http://x").GET("/api/v1/sites/{site_id}/comments", '
        f'{{ params: {{ path: {{ site_id: "s" }}, query: {{ url: "u", sort: "{sort}" }} }} }});\n'
    )
    config = {
        "extends": str(TYPESCRIPT / "tsconfig.json"),
        "include": ["call.ts"],
        "compilerOptions": {"noEmit": True, "rootDir": "/", "types": []},
    }
    (directory / "tsconfig.json").write_text(json.dumps(config))
    command = [str(tools / "tsc"), "-p", str(directory)]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def test_tsc_refuses_a_call_the_document_does_not_allow(typescript_tools, tmp_path):
    """The types are real constraints: a known sort order compiles, an unknown one does not."""
    allowed = compile_call(typescript_tools, tmp_path, "newest")
    assert allowed.returncode == 0, allowed.stdout
    refused = compile_call(typescript_tools, tmp_path, "sideways")
    assert refused.returncode != 0
    assert "call.ts" in refused.stdout
    assert '"sideways"' in refused.stdout
