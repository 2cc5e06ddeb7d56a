import { ApiProperty } from '@nestjs/swagger';

class SubmittedReportUnit {
  @ApiProperty({ example: 'FGW' }) code: string;
  @ApiProperty({ example: '区发展和改革委员会' }) name: string;
}

/** One delivery of the report's exchange package to one receiver (an exchange subscriber). */
export class ReportDeliveryResponse {
  @ApiProperty({ format: 'uuid', description: 'the delivery; also the package’s packageId and its webhook-id header' }) id: string;
  @ApiProperty({ format: 'uuid' }) subscriberId: string;
  @ApiProperty({ example: 'upper_platform', description: 'the receiver’s channel' }) channel: string;
  @ApiProperty({ type: String, nullable: true, example: '市政务公开平台' }) description: string | null;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) status: 'pending' | 'delivered' | 'failed';
  @ApiProperty({ example: 1 }) attempts: number;
  @ApiProperty({ type: Number, nullable: true, example: 200 }) lastStatus: number | null;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty({ format: 'date-time', description: 'when the report was submitted to this receiver' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the URL the receiver answered with ({"url": …})' }) remoteUrl: string | null;
}

export class ReportSubmissionsResponse {
  @ApiProperty({ example: 2025 }) year: number;
  @ApiProperty({ type: SubmittedReportUnit, nullable: true, description: 'null: the government’s own report' }) unit: SubmittedReportUnit | null;
  @ApiProperty({ example: 'BGS-2026-000031', description: 'the report’s catalogue entry' }) indexNo: string;
  @ApiProperty({ example: '2025年政府信息公开工作年度报告' }) title: string;
  @ApiProperty({ type: [ReportDeliveryResponse], description: 'one per receiver the report was submitted to, oldest first' }) deliveries: ReportDeliveryResponse[];
}

export class SubmitReportResponse extends ReportSubmissionsResponse {
  @ApiProperty({
    type: 'array',
    items: { type: 'string', format: 'uuid' },
    description: 'the deliveries this request queued: one for each active exchange subscriber that had none, and those that had failed for good; empty when a repeat had nothing to add',
  })
  queued: string[];
}
