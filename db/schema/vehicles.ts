import { index, pgSchema, primaryKey, text } from 'drizzle-orm/pg-core';
import { day, personalId, updatedAt } from './columns.ts';

export const vehicles = pgSchema('vehicles');

export const registrations = vehicles.table(
  'registrations',
  {
    personalId: personalId(),
    plate: text('plate').notNull(),
    vehicleType: text('vehicle_type', { enum: ['MOTORBIKE', 'CAR', 'TRUCK'] }).notNull(),
    brand: text('brand').notNull(),
    model: text('model').notNull(),
    colour: text('colour').notNull(),
    chassisNumber: text('chassis_number').notNull(),
    engineNumber: text('engine_number').notNull(),
    registeredOn: day('registered_on').notNull(),
    status: text('status', { enum: ['ACTIVE', 'DEREGISTERED'] }).notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.personalId, t.plate] }),
    index('registrations_plate_idx').on(t.plate),
  ],
);
