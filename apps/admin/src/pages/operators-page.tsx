import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import type { OperatorRow } from '../api-types.js';
import { PageHeader } from '../components/layout.js';
import { ReasonDialog } from '../components/reason-dialog.js';
import { ErrorState, Loading } from '../components/states.js';
import { Time } from '../components/time.js';
import { errorMessage } from '../lib/errors.js';
import { useSession } from '../session/session-context.js';
import { useTRPC } from '../trpc.js';

const ROLES = ['viewer', 'operator', 'admin'] as const;
type Role = (typeof ROLES)[number];

type Editing = { kind: 'role' | 'disable' | 'enable' | 'totp'; operator: OperatorRow } | null;

function NewOperatorForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('operator');
  const [password, setPassword] = useState('');
  const ids = { email: useId(), name: useId(), role: useId(), password: useId() };
  const create = useMutation(
    trpc.admin.operators.create.mutationOptions({
      onSuccess: async () => {
        setEmail('');
        setName('');
        setPassword('');
        await queryClient.invalidateQueries({ queryKey: trpc.admin.pathKey() });
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!create.isPending) create.mutate({ email, name, role, password });
  };
  return (
    <form className="card inline-form" onSubmit={submit} aria-label="New operator">
      <label className="filter" htmlFor={ids.email}>
        <span className="label">E-mail</span>
        <input
          id={ids.email}
          type="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </label>
      <label className="filter" htmlFor={ids.name}>
        <span className="label">Name</span>
        <input id={ids.name} required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="filter" htmlFor={ids.role}>
        <span className="label">Role</span>
        <select id={ids.role} value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <label className="filter" htmlFor={ids.password}>
        <span className="label">Initial password (12+ characters)</span>
        <input
          id={ids.password}
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      <button type="submit" className="button button-primary" disabled={create.isPending}>
        Create operator
      </button>
      {create.isError && (
        <p className="form-error" role="alert">
          {errorMessage(create.error)}
        </p>
      )}
      {create.isSuccess && (
        <p className="notice" role="status">
          {create.data.email} can sign in now; hand the password over in person.
        </p>
      )}
    </form>
  );
}

/** Operators of the console: created, given a role, disabled – by an admin, every change audited. */
export function OperatorsPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { isAdmin, operator: me } = useSession();
  const list = useQuery({ ...trpc.admin.operators.list.queryOptions(), enabled: isAdmin });
  const [editing, setEditing] = useState<Editing>(null);
  const [role, setRole] = useState<Role>('viewer');
  const roleId = useId();
  const done = {
    onSuccess: async () => {
      setEditing(null);
      await queryClient.invalidateQueries({ queryKey: trpc.admin.pathKey() });
    },
  };
  const setRoleMutation = useMutation(trpc.admin.operators.setRole.mutationOptions(done));
  const setDisabled = useMutation(trpc.admin.operators.setDisabled.mutationOptions(done));
  const resetTotp = useMutation(trpc.admin.operators.resetTotp.mutationOptions(done));
  if (!isAdmin) {
    return (
      <>
        <PageHeader title="Operators" />
        <p className="muted">Only an admin manages operators.</p>
      </>
    );
  }
  const open = (kind: NonNullable<Editing>['kind'], operator: OperatorRow) => {
    setRoleMutation.reset();
    setDisabled.reset();
    resetTotp.reset();
    setRole(operator.role);
    setEditing({ kind, operator });
  };
  return (
    <>
      <PageHeader title="Operators" subtitle="Who may use the console, and with which role." />
      <NewOperatorForm />
      {list.isPending ? (
        <Loading label="Loading operators…" />
      ) : list.isError && !list.data ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="operators-table">
            <thead>
              <tr>
                <th>E-mail</th>
                <th>Name</th>
                <th>Role</th>
                <th>Second factor</th>
                <th>Created</th>
                <th>State</th>
                <th>Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((o) => (
                <tr key={o.id} aria-label={`Operator ${o.email}`}>
                  <td>{o.email}</td>
                  <td>{o.name}</td>
                  <td>
                    <span className={`role role-${o.role}`}>{o.role}</span>
                  </td>
                  <td>{o.totp_enabled ? 'TOTP' : <span className="muted">password only</span>}</td>
                  <td className="nowrap small">
                    <Time value={o.created_at} />
                  </td>
                  <td>
                    {o.disabled_at ? (
                      <>
                        disabled <Time value={o.disabled_at} />
                      </>
                    ) : (
                      'active'
                    )}
                  </td>
                  <td className="button-row">
                    <button type="button" className="button button-small" onClick={() => open('role', o)}>
                      Change role…
                    </button>
                    {o.disabled_at ? (
                      <button type="button" className="button button-small" onClick={() => open('enable', o)}>
                        Enable…
                      </button>
                    ) : (
                      <button
                        type="button"
                        className="button button-small button-danger"
                        disabled={o.email === me.email}
                        title={o.email === me.email ? 'You cannot disable yourself' : undefined}
                        onClick={() => open('disable', o)}
                      >
                        Disable…
                      </button>
                    )}
                    {o.totp_enabled && (
                      <button type="button" className="button button-small" onClick={() => open('totp', o)}>
                        Reset second factor…
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing?.kind === 'role' && (
        <ReasonDialog
          title={`Change the role of ${editing.operator.email}`}
          description="Viewers read; operators also act on transfers, exceptions and breaks; admins also manage operators. The new role applies to their next request."
          confirmLabel="Change role"
          extraValid={role !== editing.operator.role}
          extra={
            <label className="filter" htmlFor={roleId}>
              <span className="label">New role</span>
              <select id={roleId} value={role} onChange={(e) => setRole(e.target.value as Role)}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </label>
          }
          pending={setRoleMutation.isPending}
          error={setRoleMutation.error}
          onConfirm={(reason) => setRoleMutation.mutate({ id: editing.operator.id, role, reason })}
          onClose={() => setEditing(null)}
        />
      )}
      {(editing?.kind === 'disable' || editing?.kind === 'enable') && (
        <ReasonDialog
          title={`${editing.kind === 'disable' ? 'Disable' : 'Enable'} ${editing.operator.email}?`}
          description={
            editing.kind === 'disable'
              ? 'Their sessions end at once and they cannot sign in until enabled again.'
              : 'They can sign in again with their password.'
          }
          confirmLabel={editing.kind === 'disable' ? 'Disable operator' : 'Enable operator'}
          danger={editing.kind === 'disable'}
          pending={setDisabled.isPending}
          error={setDisabled.error}
          onConfirm={(reason) =>
            setDisabled.mutate({ id: editing.operator.id, disabled: editing.kind === 'disable', reason })
          }
          onClose={() => setEditing(null)}
        />
      )}
      {editing?.kind === 'totp' && (
        <ReasonDialog
          title={`Reset the second factor of ${editing.operator.email}?`}
          description="For a lost authenticator: their sessions end and they sign in with the password alone until they enrol again."
          confirmLabel="Reset second factor"
          danger
          pending={resetTotp.isPending}
          error={resetTotp.error}
          onConfirm={(reason) => resetTotp.mutate({ id: editing.operator.id, reason })}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}
