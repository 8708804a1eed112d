"""``tongxin-server``: run the server and administer grids, users and devices."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from app.account_keys import WrongPassword, check_password_rules
from app.models import GridLevel, Role
from server import audit, bundles, devices, reply_key, state
from server.clock import ServerClock
from server.config import Settings
from server.db import create_db_engine
from server.migrate import at_head, upgrade
from sync import seal


def _engine(settings: Settings) -> sa.Engine:
    """The database, migrated: for the commands that change it."""
    engine = create_db_engine(settings.database_url)
    upgrade(engine)
    return engine


def _reading(settings: Settings) -> sa.Engine:
    """The database as it is, for commands that only read: they never migrate it, and say so if
    it needs `db upgrade` first."""
    engine = create_db_engine(settings.database_url)
    if not at_head(engine):
        engine.dispose()
        raise ValueError(
            "数据库需要先升级：请运行 tongxin-server db upgrade (the database needs `db upgrade` first)"
        )
    return engine


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from server.http import configure_logging

    configure_logging()
    _engine(settings).dispose()  # migrated once, before any worker starts
    uvicorn.run(
        "server.api:worker_app",
        factory=True,
        workers=args.workers or settings.workers,
        host=args.host,
        port=args.port,
        log_config=None,
        # X-Forwarded-For only from the proxies IT names: anyone else could claim any address.
        proxy_headers=bool(settings.trusted_proxies),
        forwarded_allow_ips=settings.trusted_proxies or None,
    )
    return 0


def _db_upgrade(_args: argparse.Namespace, settings: Settings) -> int:
    _engine(settings)
    print(f"database at head: {settings.database_url.split('@')[-1]}")
    return 0


def _grid_add(args: argparse.Namespace, settings: Settings) -> int:
    with _engine(settings).begin() as conn:
        devices.add_grid(conn, args.code, args.name, GridLevel(args.level), args.parent)
    print(f"grid {args.code} added")
    return 0


class _PasswordRefused(argparse.Action):
    """``--password`` of old scripts: a password in argv is seen by ``ps`` and kept in shell history."""

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kwargs: object) -> None:
        parser.error(
            "命令行中不接受密码，请按提示输入或使用 --password-stdin "
            "(passwords are not taken on the command line: type it at the prompt or use --password-stdin)"
        )


def _passwords(args: argparse.Namespace, *prompts: str) -> list[str]:
    """One password per prompt: a line each from stdin with ``--password-stdin``, else typed without
    echo; a new password (the last prompt) is typed twice."""
    if args.password_stdin:
        lines = sys.stdin.read().splitlines()
        if len(lines) < len(prompts):
            raise ValueError(
                f"标准输入需要 {len(prompts)} 行 (stdin needs {len(prompts)} line(s): {', '.join(prompts)})"
            )
        return lines[: len(prompts)]
    typed = [getpass.getpass(f"{prompt}: ") for prompt in prompts]
    if getpass.getpass(f"{prompts[-1]} (again): ") != typed[-1]:
        raise ValueError("两次输入的密码不一致 (the two passwords differ)")
    return typed


def _user_add(args: argparse.Namespace, settings: Settings) -> int:
    (password,) = _passwords(args, "password")
    check_password_rules(password)
    with _engine(settings).begin() as conn:
        devices.add_user(
            conn, args.username, args.display_name or args.username, Role(args.role), args.grid, password
        )
    print(f"user {args.username} added")
    return 0


def _user_password(args: argparse.Namespace, settings: Settings) -> int:
    """A new password: the same key pair re-wrapped, or with ``--reset`` (old password forgotten) a
    new pair; an account made before key pairs gets its first one either way. The passwords are
    read before the database is opened: no transaction waits on someone typing."""
    old: str | None = None
    if args.reset:
        (new,) = _passwords(args, "new password")
    else:
        old, new = _passwords(args, "current password", "new password")
    check_password_rules(new)
    with _engine(settings).begin() as conn:
        if old is None:
            devices.reset_password(conn, args.username, new)
        else:
            try:
                devices.change_password(conn, args.username, old, new)
            except WrongPassword as wrong:
                raise ValueError(str(wrong)) from None
    print(f"password of {args.username} set")
    return 0


def _enroll_code(args: argparse.Namespace, settings: Settings) -> int:
    with _engine(settings).begin() as conn:
        code = devices.create_enroll_code(conn, args.grid, valid_for=timedelta(hours=args.hours))
    print(code)
    return 0


def _device_list(_args: argparse.Namespace, settings: Settings) -> int:
    with _reading(settings).connect() as conn:
        for row in devices.list_devices(conn):
            state = f"revoked {row.revoked_at:%Y-%m-%d}" if row.revoked_at else "active"
            # A laptop without a key still writes unsigned bundles, which a copy of the database could forge.
            signed = "bundles signed" if row.signing_key else "bundles unsigned (no signing key yet)"
            print(f"{row.id}\t{row.name}\t{','.join(row.grids)}\t{state}\t{signed}")
    return 0


def _device_grids(args: argparse.Namespace, settings: Settings) -> int:
    with _engine(settings).begin() as conn:
        changed = devices.set_grids(conn, args.device_id, args.grid)
    print("grids set" if changed else "no such active device", file=sys.stdout if changed else sys.stderr)
    return 0 if changed else 1


def _device_revoke(args: argparse.Namespace, settings: Settings) -> int:
    with _engine(settings).begin() as conn:
        revoked = devices.revoke(conn, args.device_id)
    print("revoked" if revoked else "no such active device", file=sys.stdout if revoked else sys.stderr)
    return 0 if revoked else 1


def _device_forget_key(args: argparse.Namespace, settings: Settings) -> int:
    with _engine(settings).begin() as conn:
        forgotten = devices.forget_signing_key(conn, args.device_id)
    if forgotten:
        print("signing key forgotten: the laptop registers its own at its next network sync")
        return 0
    print("no such device with a signing key", file=sys.stderr)
    return 1


def _export(args: argparse.Namespace, settings: Settings) -> int:
    """Current records as JSON Lines (the device importer's format): field states folded per record."""
    # Full ID numbers and names: readable by its owner alone, from the moment it exists.
    private = os.open(args.output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    count = 0
    with _reading(settings).connect() as conn, open(private, "w", encoding="utf-8") as out:
        for (entity, record_id), found in state.every(conn):
            fields = {name: version.value for name, version in found.fields()}
            out.write(json.dumps({"entity": entity, "id": record_id, **fields}, ensure_ascii=False) + "\n")
            count += 1
    print(f"exported {count} records to {args.output}")
    return 0


def _bundle_import(args: argparse.Namespace, settings: Settings) -> int:
    """A village laptop's sync bundle from a USB stick: imported, and its reply written beside it."""
    source = Path(args.file)
    target = Path(args.reply) if args.reply else source.with_name(seal.reply_name(source.name))
    engine = _engine(settings)
    try:
        imported = bundles.import_bundle(
            engine,
            ServerClock(engine),
            settings.attachments_dir,
            settings.max_attachment_bytes,
            source.read_bytes(),
            reply_key.load(settings.reply_key_path),
        )
    except seal.BundleRefused as exc:
        print(f"同步包被拒收 (bundle refused): {exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    seal.write_file(target, imported.reply, lambda _done, _size: None)
    print(
        f"已导入 (imported) bundle {imported.number} of device {imported.device_id}: "
        f"{imported.changes} changes in {imported.batches} batches, {imported.photos} photos; "
        f"回复包 (reply) {target}"
    )
    return 0


def _audit_verify(_args: argparse.Namespace, settings: Settings) -> int:
    """Every laptop's audit chain as the server holds it; exit 1 when an entry was tampered with."""
    with _reading(settings).connect() as conn:
        entries, problems = audit.verify(conn)
    for problem in problems:
        print(
            f"  {problem.zh} 设备链 (chain) {problem.device} 第{problem.seq}条 (entry {problem.seq}) "
            f"记录 (record) {problem.record_id or '-'}: {problem.en}",
            file=sys.stderr,
        )
    verdict = "完整 (intact)" if not problems else f"发现 {len(problems)} 处问题 (problems found)"
    print(f"审计记录 (audit entries) {entries}: {verdict}")
    return 1 if problems else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tongxin-server", description="同心网格区域服务器 (Tongxin regional server)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the HTTP server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8470)
    serve.add_argument(
        "--workers",
        type=int,
        help="server processes; one per core (default: TONGXIN_SERVER_WORKERS or 1)",
    )
    serve.set_defaults(run=_serve)
    database = commands.add_parser("db").add_subparsers(dest="db_command", required=True)
    database.add_parser("upgrade", help="apply migrations").set_defaults(run=_db_upgrade)
    grid = commands.add_parser("grid").add_subparsers(dest="grid_command", required=True)
    grid_add = grid.add_parser("add")
    grid_add.add_argument("code")
    grid_add.add_argument("name")
    grid_add.add_argument(
        "--level", choices=[level.value for level in GridLevel], default=GridLevel.VILLAGE.value
    )
    grid_add.add_argument("--parent")
    grid_add.set_defaults(run=_grid_add)
    user = commands.add_parser("user").add_subparsers(dest="user_command", required=True)
    user_add = user.add_parser("add")
    user_add.add_argument("username")
    user_add.add_argument("--display-name")
    user_add.add_argument("--role", choices=[role.value for role in Role], required=True)
    user_add.add_argument("--grid", action="append", required=True)
    user_add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    user_add.add_argument("--password", nargs="?", action=_PasswordRefused, help=argparse.SUPPRESS)
    user_add.set_defaults(run=_user_add)
    password = user.add_parser("password", help="change a user's password (or --reset a forgotten one)")
    password.add_argument("username")
    password.add_argument(
        "--reset", action="store_true", help="a new key pair; the old password is not asked"
    )
    password.add_argument(
        "--password-stdin", action="store_true", help="read the passwords from stdin, one per line"
    )
    password.add_argument("--password", nargs="?", action=_PasswordRefused, help=argparse.SUPPRESS)
    password.set_defaults(run=_user_password)
    device = commands.add_parser("device").add_subparsers(dest="device_command", required=True)
    code = device.add_parser("enroll-code", help="a one-time enrollment code")
    code.add_argument("--grid", action="append", required=True)
    code.add_argument("--hours", type=int, default=72)
    code.set_defaults(run=_enroll_code)
    device.add_parser("list").set_defaults(run=_device_list)
    grids = device.add_parser("grids", help="change the grids a device covers")
    grids.add_argument("device_id")
    grids.add_argument("--grid", action="append", required=True)
    grids.set_defaults(run=_device_grids)
    revoke = device.add_parser("revoke")
    revoke.add_argument("device_id")
    revoke.set_defaults(run=_device_revoke)
    forget = device.add_parser(
        "forget-signing-key", help="a laptop that lost its bundle signing key registers a new one"
    )
    forget.add_argument("device_id")
    forget.set_defaults(run=_device_forget_key)
    export = commands.add_parser("export", help="current records as JSON Lines")
    export.add_argument("output")
    export.set_defaults(run=_export)
    bundle = commands.add_parser("bundle", help="sync by USB stick").add_subparsers(
        dest="bundle_command", required=True
    )
    bundle_import = bundle.add_parser("import", help="import a laptop's sync bundle and write its reply")
    bundle_import.add_argument("file")
    bundle_import.add_argument("--reply", help="where to write the reply (default: beside the bundle)")
    bundle_import.set_defaults(run=_bundle_import)
    auditing = commands.add_parser("audit").add_subparsers(dest="audit_command", required=True)
    auditing.add_parser(
        "verify", help="check every laptop's audit chain: removed, reordered or altered entries"
    ).set_defaults(run=_audit_verify)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args, Settings())
        return code
    except (ValueError, sa.exc.IntegrityError) as exc:
        print(f"错误 (error): {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
