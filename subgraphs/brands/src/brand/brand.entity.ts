import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Lifecycle, PortfolioRole } from './brand.type';

@Entity('brand')
export class BrandEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { unique: true })
  slug: string;

  @Column('text')
  name: string;

  @Column('text', { name: 'portfolio_role' })
  portfolioRole: `${PortfolioRole}`;

  @Column('text')
  lifecycle: `${Lifecycle}`;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
