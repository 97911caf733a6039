import { ApiProperty } from '@nestjs/swagger';
import { AdDto, ProductDto } from '@app/contracts';
import type { ProductPage, ProductsPage } from '../products.service';

// The gateway's product pages as the API docs show them.

export class ProductsPageDto implements ProductsPage {
  @ApiProperty({ type: [ProductDto], description: 'Prices in the requested currency' })
  products!: ProductDto[];

  @ApiProperty({
    type: [AdDto],
    description: 'For the first three products; [] if ad-service fails',
  })
  ads!: AdDto[];
}

export class ProductPageDto implements ProductPage {
  @ApiProperty({ type: ProductDto, description: 'Price in the requested currency' })
  product!: ProductDto;

  @ApiProperty({ type: [AdDto], description: '[] if ad-service fails' })
  related_ads!: AdDto[];
}
