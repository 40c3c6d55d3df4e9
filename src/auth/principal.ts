import type { Role } from '../users/user.entity';

/** Who is calling: a signed-in user, or a unit identified by a signed link from an email. */
export interface Principal {
  userId: number | null;
  name: string;
  role: Role;
  committeeId: number;
  unitId: number | null;
  /** Set for signed links: the one task the link was issued for. */
  taskId?: number;
  via: 'session' | 'link';
  /** May create committees (the installation's first admin). */
  superAdmin?: boolean;
  /**
   * The caller's own committee when a province reader looks at a descendant: committeeId is
   * then the committee viewed (read-only), homeCommitteeId where the user belongs.
   */
  homeCommitteeId?: number;
  /** The signed-in session (revocable); never for links. */
  sessionId?: string;
}

/** The pages' session cookie (HttpOnly, SameSite=Lax); holds the same token as the API's Bearer. */
export const SESSION_COOKIE = 'dondoc_session';
