import type { Db } from '../../db/index.js';
import type { NearWanted, SupportPoint } from '../engine/index.js';
import { nearestSupportPoints } from './directory.js';

/**
 * Where a CEP lookup takes its support points from (SUPPORT_POINTS): Parley's own directory, or a
 * remote PenhaS-shaped endpoint (penhas-points.ts). Nearest first, at most `wanted.points`, all
 * within `wanted.radius_km`; throws when it cannot tell.
 */
export interface SupportPointSource {
  /** Named in the logs. */
  readonly name: string;
  near(at: { readonly lat: number; readonly lng: number }, wanted: NearWanted): Promise<SupportPoint[]>;
}

/** The support-point directory (`support_points`, Chatbots → Support points). */
export function directorySource(db: Db): SupportPointSource {
  return {
    name: 'directory',
    async near(at, wanted) {
      const near = await nearestSupportPoints(db, {
        lat: at.lat,
        lng: at.lng,
        limit: wanted.points,
        radiusKm: wanted.radius_km,
      });
      return near.map((point) => ({
        name: point.name,
        category: point.category,
        phone: point.phone,
        address: point.address,
        distance_km: Math.round(point.distance_km * 10) / 10,
      }));
    },
  };
}
