import { Suspense } from 'react';
import { LoginForm } from '../../components/session/LoginForm.tsx';

export const metadata = { title: 'Log in · Driftwood' };

export default function LoginPage() {
  return (
    <main className="login-page">
      <Suspense fallback={null}>
        <LoginForm />
      </Suspense>
    </main>
  );
}
