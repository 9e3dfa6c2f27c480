"""A web worker imports every view while it boots, so its first request does not wait for
scikit-learn and the rest (about two seconds)."""

import subprocess
import sys


def test_loading_the_wsgi_application_imports_the_views(tmp_path):
    probe = (
        "import sys, xinfang.wsgi; "
        "print('xinfang.petitions.views' in sys.modules, 'sklearn' in sys.modules)"
    )
    env = {"DJANGO_SETTINGS_MODULE": "xinfang.settings", "XINFANG_VAR_DIR": str(tmp_path),
           "PATH": "/usr/bin:/bin"}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True"]
