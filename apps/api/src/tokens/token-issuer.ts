import { generateApiToken, hashSecret, TOKEN_DISPLAY_LENGTH } from '@switchyard/platform';
import type { TokenScope } from '@switchyard/contracts';
import type { DbOrTx } from '../infra/db-types';

export interface TokenRequest {
  orgId: string;
  userId: string;
  name: string;
  scopes: TokenScope[];
  projectId: string | null;
  expiresAt: Date | null;
}

/** Creates a token row and returns the secret, which exists only in this return value. */
export async function issueToken(tx: DbOrTx, request: TokenRequest) {
  const secret = generateApiToken();
  const token = await tx.apiToken.create({
    data: {
      orgId: request.orgId,
      userId: request.userId,
      name: request.name,
      scopes: request.scopes,
      projectId: request.projectId,
      expiresAt: request.expiresAt,
      prefix: secret.slice(0, TOKEN_DISPLAY_LENGTH),
      secretHash: hashSecret(secret),
    },
    include: { project: { select: { name: true } } },
  });
  return { token, secret };
}
