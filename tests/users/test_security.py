from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt

from exam_api.core.config import load_settings
from exam_api.users.security import (
    create_access_token,
    decode_access_token,
    dummy_hash,
    hash_password,
    verify_password,
)

SETTINGS = load_settings(env="test", secret_key="s" * 40, access_token_minutes=15)


def test_argon2_hashes_verify_only_the_right_password() -> None:
    hashed = hash_password("密码-secret-1")
    assert hashed.startswith("$argon2id$")
    assert verify_password("密码-secret-1", hashed)
    assert not verify_password("wrong", hashed)


def test_dummy_hash_is_a_real_argon2_hash() -> None:
    assert dummy_hash().startswith("$argon2id$")
    assert not verify_password("anything", dummy_hash())


def test_token_round_trip_and_lifetime() -> None:
    now = datetime.now(UTC)
    token = create_access_token(42, SETTINGS, now=now)
    assert decode_access_token(token, SETTINGS) == 42
    payload = jwt.decode(token, SETTINGS.secret_key, algorithms=["HS256"])
    assert payload["exp"] - payload["iat"] == 15 * 60


def test_expired_token_is_rejected() -> None:
    old = datetime.now(UTC) - timedelta(minutes=16)
    assert decode_access_token(create_access_token(1, SETTINGS, now=old), SETTINGS) is None


def test_token_signed_with_another_key_is_rejected() -> None:
    other = load_settings(env="test", secret_key="o" * 40)
    assert decode_access_token(create_access_token(1, other), SETTINGS) is None


def test_garbage_and_wrong_type_tokens_are_rejected() -> None:
    assert decode_access_token("not-a-token", SETTINGS) is None
    exp = datetime.now(UTC) + timedelta(minutes=5)
    refresh = jwt.encode({"sub": "1", "exp": exp, "typ": "refresh"}, SETTINGS.secret_key)
    assert decode_access_token(refresh, SETTINGS) is None
    no_sub = jwt.encode({"exp": exp, "typ": "access"}, SETTINGS.secret_key)
    assert decode_access_token(no_sub, SETTINGS) is None
