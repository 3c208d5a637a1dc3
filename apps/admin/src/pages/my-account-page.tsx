import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { SESSION_KEY } from '../app.js';
import { FieldList } from '../components/field-list.js';
import { PageHeader } from '../components/layout.js';
import { errorMessage } from '../lib/errors.js';
import { fetchSession } from '../session/session-api.js';
import { useSession } from '../session/session-context.js';
import { useTRPC } from '../trpc.js';

/** The signed-in operator: role, and the optional TOTP second factor (enrol, turn off). */
export function MyAccountPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { operator } = useSession();
  const [code, setCode] = useState('');
  const codeId = useId();
  const reloadSession = async () => {
    setCode('');
    queryClient.setQueryData(SESSION_KEY, await fetchSession());
  };
  const begin = useMutation(trpc.admin.totp.begin.mutationOptions());
  const confirm = useMutation(trpc.admin.totp.confirm.mutationOptions({ onSuccess: reloadSession }));
  const disable = useMutation(trpc.admin.totp.disable.mutationOptions({ onSuccess: reloadSession }));
  const enrolling = begin.data !== undefined && !operator.totp_enabled;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!/^[0-9]{6}$/.test(code)) return;
    if (operator.totp_enabled) disable.mutate({ code });
    else confirm.mutate({ code });
  };
  const error = confirm.error ?? disable.error ?? begin.error;
  return (
    <>
      <PageHeader title="Your account" subtitle={operator.name} />
      <section className="card">
        <FieldList
          fields={[
            ['E-mail', operator.email],
            [
              'Role',
              <span key="r" className={`role role-${operator.role}`}>
                {operator.role}
              </span>,
            ],
            ['Second factor', operator.totp_enabled ? 'authenticator app (TOTP)' : 'none: password only'],
          ]}
        />
      </section>
      <section className="card" aria-label="Second factor">
        <h2>Second factor</h2>
        {!operator.totp_enabled && !enrolling && (
          <>
            <p className="small">
              An authenticator app (TOTP: 6 digits, every 30 seconds) makes a stolen password useless on its
              own.
            </p>
            <button type="button" className="button button-primary" onClick={() => begin.mutate()}>
              Set up an authenticator app
            </button>
          </>
        )}
        {enrolling && begin.data && (
          <>
            <p className="small">
              Add this link to your authenticator app (most apps accept it pasted or as a QR code), or type
              the secret by hand; then enter the code it shows.
            </p>
            <p className="mono small otpauth" data-testid="otpauth-uri">
              {begin.data.otpauth_uri}
            </p>
            <p className="small">
              Secret: <span className="mono">{begin.data.secret}</span>
            </p>
          </>
        )}
        {(enrolling || operator.totp_enabled) && (
          <form className="inline-form" onSubmit={submit}>
            <label className="filter" htmlFor={codeId}>
              <span className="label">
                {operator.totp_enabled ? 'Current code (to turn it off)' : 'Code from the app'}
              </span>
              <input
                id={codeId}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                value={code}
                onChange={(e) => setCode(e.target.value.trim())}
              />
            </label>
            <button type="submit" className="button" disabled={!/^[0-9]{6}$/.test(code)}>
              {operator.totp_enabled ? 'Turn off second factor' : 'Confirm and turn on'}
            </button>
          </form>
        )}
        {error && (
          <p className="form-error" role="alert">
            {errorMessage(error)}
          </p>
        )}
      </section>
    </>
  );
}
