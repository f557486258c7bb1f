"""Settings and their documentation stay in step."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_environment_variable_is_documented_in_env_example():
    reader = re.compile(
        r'env_(?:str|bool|int|list|json_object|email_address|admins)\(\s*"([A-Z_]+)"'
    )
    read = set()
    for module in (ROOT / "portal/settings").glob("*.py"):
        read |= set(reader.findall(module.read_text()))
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read, "no environment variables found; has the settings helper changed?"
    assert read - documented == set()
