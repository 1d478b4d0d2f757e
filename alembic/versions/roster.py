"""Roster, leave, attendance events and shift swaps (with the per-person swap locks).

Revision ID: roster
Revises: 0001_core
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "roster"
down_revision: str | Sequence[str] | None = "0001_core"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('shift_types',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('start', sa.Time(), nullable=False),
    sa.Column('end', sa.Time(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shift_types')),
    sa.UniqueConstraint('name', name=op.f('uq_shift_types_name'))
    )
    op.create_table('leave_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('requester_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('effective_kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('route', sa.JSON(), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('end', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('form', sa.JSON(), nullable=False),
    sa.Column('cover_plan', sa.Text(), nullable=False),
    sa.Column('emergency_kind', sa.String(length=32), nullable=True),
    sa.Column('phoned_supervisor', sa.Boolean(), nullable=False),
    sa.Column('cover_user_id', sa.Integer(), nullable=True),
    sa.Column('cover_note', sa.Text(), nullable=False),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('review_comment', sa.Text(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decision_comment', sa.Text(), nullable=False),
    sa.Column('slip_received_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('slip_received_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cover_user_id'], ['users.id'], name=op.f('fk_leave_requests_cover_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_leave_requests_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['requester_id'], ['users.id'], name=op.f('fk_leave_requests_requester_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_leave_requests_reviewed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['slip_received_by_id'], ['users.id'], name=op.f('fk_leave_requests_slip_received_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_leave_requests_team_id_teams'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leave_requests'))
    )
    op.create_index('ix_leave_requests_requester_dates', 'leave_requests', ['requester_id', 'start', 'end'], unique=False)
    op.create_index(op.f('ix_leave_requests_status'), 'leave_requests', ['status'], unique=False)
    op.create_index(op.f('ix_leave_requests_team_id'), 'leave_requests', ['team_id'], unique=False)
    op.create_table('shift_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('shift_type_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['shift_type_id'], ['shift_types.id'], name=op.f('fk_shift_assignments_shift_type_id_shift_types'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_shift_assignments_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shift_assignments')),
    sa.UniqueConstraint('user_id', 'day', name='uq_shift_assignments_user_day')
    )
    op.create_index(op.f('ix_shift_assignments_day'), 'shift_assignments', ['day'], unique=False)
    op.create_table('swap_locks',
    sa.Column('user_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_swap_locks_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_swap_locks'))
    )
    op.create_table('swap_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('requester_id', sa.Integer(), nullable=False),
    sa.Column('counterpart_id', sa.Integer(), nullable=False),
    sa.Column('requester_assignment_id', sa.Integer(), nullable=False),
    sa.Column('counterpart_assignment_id', sa.Integer(), nullable=False),
    sa.Column('requester_day', sa.Date(), nullable=False),
    sa.Column('requester_shift_type_id', sa.Integer(), nullable=False),
    sa.Column('counterpart_day', sa.Date(), nullable=False),
    sa.Column('counterpart_shift_type_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('handover_notes', sa.Text(), nullable=False),
    sa.Column('counterpart_note', sa.Text(), nullable=False),
    sa.Column('handover_confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decision_comment', sa.Text(), nullable=False),
    sa.Column('withdrawn_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['counterpart_assignment_id'], ['shift_assignments.id'], name=op.f('fk_swap_requests_counterpart_assignment_id_shift_assignments'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['counterpart_id'], ['users.id'], name=op.f('fk_swap_requests_counterpart_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['counterpart_shift_type_id'], ['shift_types.id'], name=op.f('fk_swap_requests_counterpart_shift_type_id_shift_types'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_swap_requests_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['requester_assignment_id'], ['shift_assignments.id'], name=op.f('fk_swap_requests_requester_assignment_id_shift_assignments'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['requester_id'], ['users.id'], name=op.f('fk_swap_requests_requester_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requester_shift_type_id'], ['shift_types.id'], name=op.f('fk_swap_requests_requester_shift_type_id_shift_types'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_swap_requests_team_id_teams'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['withdrawn_by_id'], ['users.id'], name=op.f('fk_swap_requests_withdrawn_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_swap_requests'))
    )
    op.create_index('ix_swap_requests_counterpart_day', 'swap_requests', ['counterpart_id', 'counterpart_day'], unique=False)
    op.create_index('ix_swap_requests_requester_day', 'swap_requests', ['requester_id', 'requester_day'], unique=False)
    op.create_index(op.f('ix_swap_requests_status'), 'swap_requests', ['status'], unique=False)
    op.create_index(op.f('ix_swap_requests_team_id'), 'swap_requests', ['team_id'], unique=False)
    op.create_table('attendance_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=True),
    sa.Column('share_percent', sa.Integer(), nullable=True),
    sa.Column('swap_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_attendance_events_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['swap_id'], ['swap_requests.id'], name=op.f('fk_attendance_events_swap_id_swap_requests'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_attendance_events_team_id_teams'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_attendance_events_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_events'))
    )
    op.create_index(op.f('ix_attendance_events_swap_id'), 'attendance_events', ['swap_id'], unique=False)
    op.create_index(op.f('ix_attendance_events_team_id'), 'attendance_events', ['team_id'], unique=False)
    op.create_index('ix_attendance_events_user_day', 'attendance_events', ['user_id', 'day'], unique=False)


def downgrade() -> None:
    op.drop_table("attendance_events")
    op.drop_table("swap_requests")
    op.drop_table("swap_locks")
    op.drop_table("shift_assignments")
    op.drop_table("leave_requests")
    op.drop_table("shift_types")
